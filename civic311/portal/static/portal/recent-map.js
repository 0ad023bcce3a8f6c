// Draw the points of the recent requests page on a Leaflet map. The
// table below it lists the same requests, so the map adds nothing a
// keyboard or screen reader user misses.
(function () {
  "use strict";
  var element = document.getElementById("recent-map");
  if (!element || typeof L === "undefined") {
    return;
  }
  var settings = JSON.parse(document.getElementById("map-settings").textContent);
  var points = JSON.parse(document.getElementById("map-points").textContent);
  var map = L.map(element, { keyboard: true }).setView(settings.center, 13);
  L.tileLayer(settings.tiles, { maxZoom: 19, attribution: settings.attribution }).addTo(map);
  var bounds = [];
  points.forEach(function (point) {
    var marker = L.circleMarker([point.lat, point.long], { radius: 6 }).addTo(map);
    marker.bindTooltip(point.label);
    bounds.push([point.lat, point.long]);
  });
  if (bounds.length > 1) {
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
  }
})();
