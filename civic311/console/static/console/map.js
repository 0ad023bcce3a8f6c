// Draw the console's maps with Leaflet. Each element with data-map shows
// one point; an editable one sets its latitude and longitude fields when
// clicked and follows them when they are typed in.
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("map-settings").textContent);
  var DEFAULT_ZOOM = 13;
  var POINT_ZOOM = 17;

  function number(text) {
    var value = parseFloat(text);
    return isFinite(value) ? value : null;
  }

  function draw(element) {
    var lat = number(element.dataset.lat);
    var long = number(element.dataset.long);
    var here = lat !== null && long !== null;
    var map = L.map(element, { keyboard: true }).setView(
      here ? [lat, long] : settings.center, here ? POINT_ZOOM : DEFAULT_ZOOM
    );
    if (settings.tiles) {
      L.tileLayer(settings.tiles, {
        maxZoom: 19,
        attribution: settings.attribution
      }).addTo(map);
    }
    var label = element.dataset.markerLabel;
    var marker = here ? L.marker([lat, long], { alt: label, title: label }).addTo(map) : null;
    if (element.dataset.editable !== undefined) {
      follow(map, marker, element, label);
    }
  }

  function follow(map, marker, element, label) {
    var latField = document.getElementById(element.dataset.latField);
    var longField = document.getElementById(element.dataset.longField);

    function place(lat, long) {
      if (marker) {
        marker.setLatLng([lat, long]);
      } else {
        marker = L.marker([lat, long], { alt: label, title: label }).addTo(map);
      }
    }

    map.on("click", function (event) {
      latField.value = event.latlng.lat.toFixed(6);
      longField.value = event.latlng.lng.toFixed(6);
      place(event.latlng.lat, event.latlng.lng);
    });
    [latField, longField].forEach(function (field) {
      field.addEventListener("change", function () {
        var lat = number(latField.value);
        var long = number(longField.value);
        if (lat !== null && long !== null) {
          place(lat, long);
          map.setView([lat, long], POINT_ZOOM);
        }
      });
    });
  }

  document.querySelectorAll("[data-map]").forEach(draw);
})();
