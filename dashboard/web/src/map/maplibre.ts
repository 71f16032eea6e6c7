// MapLibre GL JS, bundled (no CDN), with its web worker loaded from this origin: /js/maplibre-gl-worker.js is
// copied there by build.mjs. A worker of our own origin is allowed by the Content-Security-Policy's
// script-src 'self' (worker-src falls back to it), so no blob: worker has to be allowed.
import * as maplibregl from 'maplibre-gl';

maplibregl.setWorkerUrl('/js/maplibre-gl-worker.js');

export default maplibregl;
export type { CustomLayerInterface, CustomRenderMethodInput, GeoJSONSource, LngLatBoundsLike, Map as MapLibreMap, MapMouseEvent, Marker, Popup, RequestParameters, SourceSpecification, LayerSpecification } from 'maplibre-gl';
