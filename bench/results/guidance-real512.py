# 512 real Fashion-MNIST training images at 16x16 (from the teacher's data cache), image i of class i mod 10,
# written as a samples file (tensor 'images' F32 in [-1, 1]): the real-data reference row of the results.
import json, struct, sys
src, dst = sys.argv[1], sys.argv[2]
raw = open(src, 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
hdr = json.loads(raw[8:8 + n]); base = 8 + n
def tensor(name):
    t = hdr[name]; a, b = t['data_offsets']; return t, raw[base + a: base + b]
ti, img = tensor('images'); tl, lab = tensor('labels'); ts, split = tensor('split')
N, C, H, W = ti['shape']; per = C * H * W
lw = {'I64': 8, 'I32': 4, 'U8': 1}[tl['dtype']]; sw = {'U8': 1, 'BOOL': 1}[ts['dtype']]
labels = [int.from_bytes(lab[i*lw:(i+1)*lw], 'little', signed=True) for i in range(N)]
test = [split[i] for i in range(N)]
pools = {k: [i for i in range(N) if labels[i] == k and not test[i]] for k in range(10)}
chosen = [pools[i % 10][i // 10] for i in range(512)]
out = bytearray()
for i in chosen:
    for v in img[i*per:(i+1)*per]:
        out += struct.pack('<f', v / 127.5 - 1)
h = json.dumps({'__metadata__': {'format': 'pagoda.samples/1', 'source': 'real fmnist train, image i of class i mod 10'},
                'images': {'dtype': 'F32', 'shape': [512, C, H, W], 'data_offsets': [0, len(out)]}}).encode()
h += b' ' * ((8 - len(h) % 8) % 8)
open(dst, 'wb').write(struct.pack('<Q', len(h)) + h + out)
print('wrote', dst, 'from', len(chosen), 'train images')
