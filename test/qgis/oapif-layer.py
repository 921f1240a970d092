"""Add an OGC API - Features collection as a layer through QGIS's own OAPIF provider (not GDAL's driver),
read it whole, and print what QGIS sees as one JSON object: used by src/services/ogc-qgis.test.ts.

    python3 test/qgis/oapif-layer.py http://127.0.0.1:PORT/ogc controlline-v1
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsVectorLayer, QgsWkbTypes  # noqa: E402



def read_layer(url: str, typename: str) -> dict:
    layer = QgsVectorLayer(f"url='{url}' typename='{typename}'", typename, "OAPIF")
    if not layer.isValid():
        # (layer.error() crashes PyQGIS 3.22 on an OAPIF layer that failed to load.)
        return {"valid": False, "error": f"QGIS could not load {typename} from {url}"}
    features = list(layer.getFeatures())
    first = features[0] if features else None
    extent = layer.extent()
    return {
        "valid": True,
        "crs": layer.crs().authid(),
        "geometryType": QgsWkbTypes.displayString(layer.wkbType()),
        "fields": [f.name() for f in layer.fields()],
        "count": len(features),
        "distinctGeometries": len({f.geometry().asWkt(9) for f in features}),
        "emptyGeometries": sum(1 for f in features if f.geometry().isEmpty()),
        "first": None
        if first is None
        else {name: (None if first[name] is None else str(first[name])) for name in layer.fields().names()},
        "extent": [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()],
    }


QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
# The layer is made and dropped inside read_layer: a QGIS object still alive at exitQgis() crashes Python.
print(json.dumps(read_layer(sys.argv[1], sys.argv[2]), ensure_ascii=False), flush=True)
app.exitQgis()
