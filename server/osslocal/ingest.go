package osslocal

import (
	"crypto/md5"
	"hash"
	"hash/crc64"
	"io"
	"sync"
	"sync/atomic"
)

// The ingest pipeline: the request goroutine only reads the body; writing to
// the file, MD5 (the ETag) and CRC64 each run on their own goroutine over the
// same chunks. Done one after another they cost a part its throughput (MD5
// alone is about half the speed of a page-cache write); side by side a part
// streams at about the speed of its slowest stage. Memory per request stays
// at most ingestChunks x ingestChunkSize however large the part is, and one
// chunk while the body stalls.
const (
	ingestChunkSize = 256 << 10
	ingestChunks    = 8
)

var chunkPool = sync.Pool{New: func() any { b := make([]byte, ingestChunkSize); return &b }}

type chunk struct {
	buf   *[]byte
	n     int
	refs  atomic.Int32
	slots chan<- struct{}
}

// release is called by each stage; the last one returns the buffer.
func (c *chunk) release() {
	if c.refs.Add(-1) == 0 {
		chunkPool.Put(c.buf)
		c.slots <- struct{}{}
	}
}

// pipeCopy copies r (at most limit+1 bytes) to w while hashing it with MD5
// and CRC64-ECMA, the three consumers in parallel. It returns the bytes read
// and the first read or write error. Buffers are taken from the pool only
// when a read needs one and go back as soon as every stage is done with
// them, so a body that stalls holds one chunk, not ingestChunks.
func pipeCopy(w io.Writer, r io.Reader, limit int64) (n int64, sum []byte, crc uint64, err error) {
	// slots bounds the chunks in flight; a token is returned with its buffer.
	slots := make(chan struct{}, ingestChunks)
	for range ingestChunks {
		slots <- struct{}{}
	}
	m := md5.New()
	c := crc64.New(crcTable)
	var writeErr error
	stages := []func(*chunk){
		func(ch *chunk) {
			if writeErr == nil {
				_, writeErr = w.Write((*ch.buf)[:ch.n])
			}
		},
		func(ch *chunk) { hashWrite(m, (*ch.buf)[:ch.n]) },
		func(ch *chunk) { hashWrite(c, (*ch.buf)[:ch.n]) },
	}
	chans := make([]chan *chunk, len(stages))
	var wg sync.WaitGroup
	for i, stage := range stages {
		chans[i] = make(chan *chunk, ingestChunks)
		wg.Add(1)
		go func(in <-chan *chunk) {
			defer wg.Done()
			for ch := range in {
				stage(ch)
				ch.release()
			}
		}(chans[i])
	}
	lr := io.LimitReader(r, limit+1)
	for {
		<-slots
		ch := &chunk{buf: chunkPool.Get().(*[]byte), slots: slots}
		var rn int
		rn, err = io.ReadFull(lr, *ch.buf)
		if rn > 0 {
			n += int64(rn)
			ch.n = rn
			ch.refs.Store(int32(len(stages)))
			for _, in := range chans {
				in <- ch
			}
		} else {
			chunkPool.Put(ch.buf)
			slots <- struct{}{}
		}
		if err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				err = nil
			}
			break
		}
	}
	for _, in := range chans {
		close(in)
	}
	wg.Wait()
	if err == nil {
		err = writeErr
	}
	return n, m.Sum(nil), c.Sum64(), err
}

func hashWrite(h hash.Hash, b []byte) { h.Write(b) }
