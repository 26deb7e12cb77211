// Engine bugs in our module that are reported (see the README's Browsers
// table) and not fixed yet. A test names its bug; knownBug returns the skip
// reason for the engines it affects, false elsewhere, so the test still runs
// and guards every other engine. KNOWN_BUGS=run runs them anyway (to re-check).
const bugs = {
  // Fixed on main: 'throwing-progress' (a throwing progress callback stopped the Go runtime), 'import-race'
  // (WebKit ReferenceError on a second import during instantiation). Their tests run everywhere.
};

/** The skip reason if bug id affects engine (and KNOWN_BUGS is not 'run'), else false. */
export function knownBug(engine, id) {
  if (process.env.KNOWN_BUGS === 'run') return false;
  const b = bugs[id];
  return b && b.engines.includes(engine) ? `known ${engine} bug ${id}: ${b.reason}` : false;
}
