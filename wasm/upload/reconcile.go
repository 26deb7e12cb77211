package upload

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"hash"
	"hash/crc64"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/ossupload/ossupload/checkpoint"
)

// prepare sets r up for rec (reconciled with the server) or a new upload.
func (r *run) prepare(ctx context.Context, rec *checkpoint.Record, res *Result) error {
	if rec == nil {
		return r.initiate(ctx)
	}
	_, parts, _ := PlanParts(r.src.Size(), rec.PartSize) // checked by checkCheckpoint
	r.lay = layout{uploadID: rec.UploadID, partSize: rec.PartSize, parts: parts}
	r.register(rec.UploadID)
	var server []checkpoint.Part
	err := r.retry(ctx, func(ctx context.Context) error {
		var err error
		server, err = r.u.api.ListParts(ctx, r.key, rec.UploadID)
		return err
	})
	if err != nil {
		return err
	}
	r.unproven = r.candidates(rec.DoneParts, server)
	done := map[int]checkpoint.Part{}
	for _, c := range r.unproven {
		done[c.spec.Number] = checkpoint.Part{Number: c.spec.Number, ETag: c.etag, Size: c.spec.Size, CRC64: c.crc}
	}
	c := *rec
	c.Updated = time.Now().UTC()
	c.Scope = r.u.cfg.Scope
	r.journal.begin(ctx, &c, done)
	return nil
}

// initiate starts a new multipart upload and journals it.
func (r *run) initiate(ctx context.Context) error {
	ps, parts, err := PlanParts(r.src.Size(), r.opts.PartSize)
	if err != nil {
		return err
	}
	var id string
	err = r.retry(ctx, func(ctx context.Context) error {
		var err error
		id, err = r.u.api.Initiate(ctx, r.key, InitOptions{Mime: r.opts.Mime, Meta: r.opts.Meta, Headers: r.opts.Headers})
		return err
	})
	if err != nil {
		return err
	}
	r.register(id)
	r.lay = layout{uploadID: id, partSize: ps, parts: parts}
	r.unproven = nil
	r.proven.Store(0)
	now := time.Now().UTC()
	rec := &checkpoint.Record{ID: r.recID, Name: r.key, Bucket: r.bucket, FileSize: r.src.Size(), PartSize: ps, UploadID: id,
		DoneParts: []checkpoint.Part{}, Fingerprint: r.fp, Created: now, Updated: now, Scope: r.u.cfg.Scope}
	r.journal.begin(ctx, rec, map[int]checkpoint.Part{})
	return nil
}

// candidate is a part the server holds with the planned size, and what we
// may compare the local bytes with.
type candidate struct {
	spec PartSpec
	etag string // the server's
	crc  string // a CRC64 known to be of the server's bytes, or ""
}

// proveAll decides which parts are really done, the server being the truth:
// a part counts only if the server holds it with the planned size and the
// file's bytes are proven to be that part: their CRC64 equals one known to
// be of the server's part (our journal's, written when we sent it, or the
// server's own), or their MD5 equals the server's ETag. This holds in every
// mode, integrity off included, for parts from the journal, a caller's
// checkpoint or ListParts alike. It runs while the missing parts are sent
// (the first new byte leaves at once); a part that fails its proof is
// handed to resend, and Complete waits for every proof.
func (r *run) proveAll(ctx context.Context, resend func(PartSpec)) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, r.parallel))
	for _, c := range r.unproven {
		g.Go(func() error {
			p, err := r.prove(gctx, c)
			switch {
			case err != nil:
				return err
			case p == nil:
				r.journal.drop(c.spec.Number)
				resend(c.spec)
			default:
				r.proven.Add(1)
				r.journal.add(*p) // now with the file's CRC64
			}
			return nil
		})
	}
	err := g.Wait()
	if err != nil && ctx.Err() != nil {
		return canceled(ctx, ctx.Err())
	}
	return err
}

// candidates pairs each planned part the server holds (with the planned
// size) with the CRC64 we may trust for it.
func (r *run) candidates(journal, server []checkpoint.Part) []candidate {
	jm := map[int]checkpoint.Part{}
	for _, p := range journal {
		jm[p.Number] = p
	}
	sm := map[int]checkpoint.Part{}
	for _, p := range server {
		sm[p.Number] = p
	}
	var out []candidate
	for _, spec := range r.lay.parts {
		s, ok := sm[spec.Number]
		if !ok || s.Size != spec.Size {
			continue
		}
		c := candidate{spec: spec, etag: s.ETag, crc: s.CRC64}
		if j, ok := jm[spec.Number]; ok && j.ETag != "" {
			if !sameETag(j.ETag, s.ETag) {
				continue // the server holds other bytes than we sent: send again
			}
			if c.crc == "" {
				c.crc = j.CRC64
			} else if j.CRC64 != "" && j.CRC64 != c.crc {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// prove hashes the file's bytes of c and returns the part if they are the
// server's, nil if not.
func (r *run) prove(ctx context.Context, c candidate) (*checkpoint.Part, error) {
	withMD5 := c.crc == ""
	var crc uint64
	var md []byte
	var err error
	if withMD5 {
		crc, md, err = r.hashRange(ctx, c.spec, true)
	} else {
		crc, err = r.u.cfg.Hasher.HashPart(ctx, r.src, c.spec.Offset, c.spec.Size)
	}
	if err != nil {
		return nil, err
	}
	ours := formatCRC(crc)
	if withMD5 && !sameETag(hex.EncodeToString(md), c.etag) || !withMD5 && c.crc != ours {
		return nil, nil
	}
	return &checkpoint.Part{Number: c.spec.Number, ETag: c.etag, Size: c.spec.Size, CRC64: ours}, nil
}

func sameETag(a, b string) bool {
	return a != "" && strings.EqualFold(strings.Trim(a, `"`), strings.Trim(b, `"`))
}

// hashRange computes the CRC64 (and MD5 if withMD5 is set) of a part's bytes
// with a small buffer: it never holds a whole part.
func (r *run) hashRange(ctx context.Context, spec PartSpec, withMD5 bool) (uint64, []byte, error) {
	buf := make([]byte, min(spec.Size, 1<<20))
	c := crc64.New(crcTable)
	var m hash.Hash
	if withMD5 {
		m = md5.New()
	}
	for off := int64(0); off < spec.Size; {
		if err := ctx.Err(); err != nil {
			return 0, nil, canceled(ctx, err)
		}
		n := min(int64(len(buf)), spec.Size-off)
		if err := readFull(r.src, buf[:n], spec.Offset+off); err != nil {
			return 0, nil, err
		}
		c.Write(buf[:n])
		if m != nil {
			m.Write(buf[:n])
		}
		off += n
	}
	var sum []byte
	if m != nil {
		sum = m.Sum(nil)
	}
	return c.Sum64(), sum, nil
}
