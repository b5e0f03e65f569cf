# Native OpenCV (Debian python3-opencv 4.6.0) findContours on a bench workload, one thread.
#   /usr/bin/python3 contours.py FILE HEIGHT WIDTH CLASSES
# FILE holds HEIGHT * WIDTH bytes, row-major. CLASSES = 0: a 0/1 mask, one findContours call;
# CLASSES = k: a label map, one call per class on (map == v) for v = 1..k, the masks included.
# Prints {"ms": median, "samples": n, "version": ...}: the time of findContours(RETR_CCOMP,
# CHAIN_APPROX_SIMPLE) per image, after warm-up, over samples of at least 40 ms.
import json, sys, time
import cv2
import numpy as np

cv2.setNumThreads(1)
path, h, w, classes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
img = np.fromfile(path, dtype=np.uint8).reshape(h, w)

def once():
    if classes == 0:
        return cv2.findContours(img, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    return [cv2.findContours((img == v).astype(np.uint8), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE) for v in range(1, classes + 1)]

t0 = time.perf_counter()
once()
per = time.perf_counter() - t0
while time.perf_counter() - t0 < 0.2:
    once()
batch = max(1, round(0.04 / max(per, 1e-6)))
times = []
for _ in range(15 if per < 2 else 3):
    t = time.perf_counter()
    for _ in range(batch):
        once()
    times.append((time.perf_counter() - t) / batch * 1000)
times.sort()
print(json.dumps({"ms": times[len(times) // 2], "samples": len(times), "version": cv2.__version__}))
