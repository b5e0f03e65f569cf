# Native OpenCV (Debian python3-opencv) on a bench workload: the kernel cases' native peer.
#   /usr/bin/python3 opencv.py PARAMS.json
# PARAMS: {op, input, out, h, w, threads, samples, sampleMs, warmupMs, ...}; op is
#   ccl      connectedComponentsWithStats (CV_32S) of a 0/1 image, or per class of a label map
#            (inRange, components, labels offset into one image under the class mask)
#   contours findContours(RETR_CCOMP, CHAIN_APPROX_SIMPLE) of a 0/1 image, or per class
#   fill     fillPoly (LINE_8, 8 fractional bits, centres at integers) per polygon: into a cleared
#            mask each ('masks'), or with its value into one new uint16 map ('labels')
# threads: 1, or 0 for OpenCV's default (one per core; only the labelling has a parallel path).
# Times one call with the harness's method (warm-up, batches of >= sampleMs, median of samples),
# writes the first call's output to `out` as int32/uint8 for the gate, prints the timing as JSON.
import json, sys, time
import cv2
import numpy as np

p = json.load(open(sys.argv[1]))
if p["threads"]:
    cv2.setNumThreads(p["threads"])
h, w = p["h"], p["w"]


def timed(once):
    t0 = time.perf_counter()
    once()
    calls = 1
    while time.perf_counter() - t0 < p["warmupMs"] / 1000:
        once()
        calls += 1
    per = (time.perf_counter() - t0) / calls
    batch = max(1, round(p["sampleMs"] / 1000 / max(per, 1e-9)))
    times = []
    for _ in range(p["samples"]):
        t = time.perf_counter()
        for _ in range(batch):
            once()
        times.append((time.perf_counter() - t) / batch * 1000)
    times.sort()
    return {"median": times[len(times) // 2] if len(times) % 2 else (times[len(times) // 2 - 1] + times[len(times) // 2]) / 2,
            "min": times[0], "max": times[-1], "batch": batch}


def image():
    return np.fromfile(p["input"], dtype=np.uint8).reshape(h, w)


def ccl():
    img, classes, conn = image(), p["classes"], p["connectivity"]
    if classes == 0:
        def once():
            _, labels, stats, _ = cv2.connectedComponentsWithStats(img, connectivity=conn, ltype=cv2.CV_32S)
            return labels, stats
    else:
        def once():
            total = np.zeros((h, w), np.int32)
            parts, offset = [np.zeros((1, 5), np.int32)], 0
            for v in range(1, classes + 1):
                mask = cv2.inRange(img, v, v)
                n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=conn, ltype=cv2.CV_32S)
                cv2.add(labels, offset, dst=total, mask=mask)
                parts.append(stats[1:])
                offset += n - 1
            return total, np.concatenate(parts)
    labels, stats = once()
    with open(p["out"], "wb") as f:
        f.write(labels.astype(np.int32).tobytes())
        f.write(stats.astype(np.int32).tobytes())
    return timed(once)


def contours():
    img, classes = image(), p["classes"]
    trace = lambda m: cv2.findContours(m, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    once = (lambda: [trace(img)]) if classes == 0 else (lambda: [trace(cv2.inRange(img, v, v)) for v in range(1, classes + 1)])
    out = []
    for cs, hier in once():
        offsets = np.cumsum([0] + [len(c) for c in cs])
        hier = hier.reshape(-1) if hier is not None else np.zeros(0)
        pts = np.concatenate([c.reshape(-1) for c in cs]) if cs else np.zeros(0)
        out += [np.array([len(cs)]), offsets, hier, pts]
    np.concatenate(out).astype(np.int32).tofile(p["out"])
    return timed(once)


def fill():
    shift = 8
    groups = [[np.round((np.array(q, np.float64).reshape(-1, 2) - 0.5) * (1 << shift)).astype(np.int32) for q in g] for g in p["groups"]]
    if p["mode"] == "masks":
        mask = np.zeros((h, w), np.uint8)
        state = {"at": 0, "gate": True}
        keep = []

        def once():
            g = groups[state["at"]]
            state["at"] = (state["at"] + 1) % len(groups)
            for pts in g:
                mask[:] = 0
                cv2.fillPoly(mask, [pts], 1, cv2.LINE_8, shift)
                if state["gate"] and len(keep) < p["keep"]:
                    keep.append(mask.copy())

        once()
        np.concatenate([k.reshape(-1) for k in keep] or [np.zeros(0, np.uint8)]).tofile(p["out"])
        state["at"], state["gate"] = 0, False
        return timed(once)
    values = p["values"]

    def once():
        img = np.zeros((h, w), np.uint16)
        for pts, v in zip(groups[0], values):
            cv2.fillPoly(img, [pts], v, cv2.LINE_8, shift)
        return img

    once().tofile(p["out"])
    return timed(once)


timing = {"ccl": ccl, "contours": contours, "fill": fill}[p["op"]]()
print(json.dumps({**timing, "version": cv2.__version__, "threads": cv2.getNumThreads()}))
