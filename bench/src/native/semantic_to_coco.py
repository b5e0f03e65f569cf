# The Python baseline of the end-to-end case: a folder of semantic label PNGs -> COCO instances
# JSON, as a typical pipeline writes it with OpenCV (Debian python3-opencv), in one process.
#   /usr/bin/python3 semantic_to_coco.py IN_DIR OUT_JSON [VOID]
# Per PNG (cv2.imread IMREAD_UNCHANGED, sorted by name) and per class value present except VOID
# (default 255): connectedComponentsWithStats (8-connectivity) for area and bbox from the pixels,
# findContours(RETR_CCOMP, CHAIN_APPROX_SIMPLE) for the polygons: each outer border is one
# component's polygon (found by the label under its first point); holes are left out, as COCO
# polygons cannot carry them (the area still counts only the component's pixels). Categories from
# IN_DIR/categories.json; image ids 1..N, file_name = stem + '.jpg'.
import json, os, sys
import cv2
import numpy as np

src, out = sys.argv[1], sys.argv[2]
void = int(sys.argv[3]) if len(sys.argv) > 3 else 255
categories = json.load(open(os.path.join(src, "categories.json")))["categories"]
images, annotations = [], []
for i, name in enumerate(sorted(f for f in os.listdir(src) if f.lower().endswith(".png")), 1):
    img = cv2.imread(os.path.join(src, name), cv2.IMREAD_UNCHANGED)
    h, w = img.shape[:2]
    images.append({"id": i, "file_name": os.path.splitext(name)[0] + ".jpg", "width": w, "height": h})
    for v in np.unique(img):
        if v == void:
            continue
        mask = cv2.inRange(img, int(v), int(v))
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_32S)
        contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
        polygons = [[] for _ in range(n)]
        for c, (_, _, _, parent) in zip(contours, hierarchy[0] if hierarchy is not None else []):
            if parent == -1:
                x, y = c[0, 0]
                polygons[labels[y, x]].append(c.reshape(-1).tolist())
        for k in range(1, n):
            x, y, bw, bh, area = (int(s) for s in stats[k])
            annotations.append({"id": len(annotations) + 1, "image_id": i, "category_id": int(v), "segmentation": polygons[k],
                                "area": area, "bbox": [x, y, bw, bh], "iscrowd": 0})
with open(out, "w") as f:
    json.dump({"images": images, "annotations": annotations, "categories": categories}, f)
print(json.dumps({"images": len(images), "annotations": len(annotations)}))
