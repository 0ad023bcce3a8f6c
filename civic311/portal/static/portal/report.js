// The report form, made quicker where the browser allows: "Use my
// location", address suggestions, a map to set the point, and keeping the
// report on this device when "Send report" is pressed offline (app.js
// sends it later). Without this script, geocoding or map tiles the form is
// the same form: every field can still be typed. The texts and addresses
// come from this script tag's data- attributes.
(function () {
  "use strict";
  var data = document.currentScript.dataset;
  var DEFAULT_ZOOM = 13;
  var POINT_ZOOM = 17;
  var DELAY_MS = 300;
  var MIN_LETTERS = 3;
  var sendButton = document.querySelector('button[name="action"][value="send"]');
  var checkButton = document.querySelector('button[name="action"][value="check"]');
  var form = sendButton.form;
  // Not form.action: the buttons named "action" hide that property.
  var target = new URL(form.getAttribute("action") || "", location.href);
  var fields = {
    address: document.getElementById("id_address"),
    zipcode: document.getElementById("id_zipcode"),
    lat: document.getElementById("id_lat"),
    long: document.getElementById("id_long")
  };
  var status = document.getElementById("where-status");
  // False once geocoding failed: until the page is loaded again, the
  // address is typed without help.
  var geocoding = true;

  function say(text) {
    status.textContent = text;
  }

  function number(text) {
    var value = parseFloat(text);
    return isFinite(value) ? value : null;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    made.className = className || "";
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  // The map -----------------------------------------------------------------

  function drawMap() {
    var container = document.getElementById("report-map");
    if (!container || typeof L === "undefined") {
      return null;
    }
    var settings = JSON.parse(document.getElementById("map-settings").textContent);
    var lat = number(fields.lat.value);
    var long = number(fields.long.value);
    var here = lat !== null && long !== null;
    // Leaflet's keyboard handling would put the map itself in the tab
    // order; its zoom buttons and links stay there, and the fields are the
    // keyboard's way to give the point.
    var map = L.map(container, { keyboard: false, zoomControl: false }).setView(
      here ? [lat, long] : settings.center, here ? POINT_ZOOM : DEFAULT_ZOOM
    );
    L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
    L.tileLayer(settings.tiles, { maxZoom: 19, attribution: settings.attribution }).addTo(map);
    var marker = null;

    function show(lat, long, centre) {
      if (marker) {
        marker.setLatLng([lat, long]);
      } else {
        marker = L.marker([lat, long], {
          alt: data.marker, title: data.marker, draggable: true, keyboard: false
        }).addTo(map);
        marker.on("dragend", function () {
          var point = marker.getLatLng();
          setPoint(point.lat, point.lng, false);
        });
      }
      if (centre) {
        map.setView([lat, long], Math.max(map.getZoom(), POINT_ZOOM));
      }
    }

    if (here) {
      show(lat, long, false);
    }
    map.on("click", function (event) {
      setPoint(event.latlng.lat, event.latlng.lng, false);
    });
    return { show: show };
  }

  var map = drawMap();

  function setPoint(lat, long, centre) {
    fields.lat.value = lat.toFixed(6);
    fields.long.value = long.toFixed(6);
    if (map) {
      map.show(lat, long, centre);
    }
  }

  [fields.lat, fields.long].forEach(function (field) {
    field.addEventListener("change", function () {
      var lat = number(fields.lat.value);
      var long = number(fields.long.value);
      if (map && lat !== null && long !== null) {
        map.show(lat, long, true);
      }
    });
  });

  // Geocoding ---------------------------------------------------------------

  function Unavailable(message) {
    this.name = "Unavailable";
    this.message = message || "";
  }

  // The results of a geocoding endpoint; any answer but a 200 with results
  // rejects with Unavailable, carrying the endpoint's message if it gave one.
  function ask(url, params, signal) {
    return fetch(url + "?" + new URLSearchParams(params), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: signal
    }).then(function (response) {
      return response.json().catch(function () {
        return {};
      }).then(function (body) {
        if (response.status !== 200 || !Array.isArray(body.results)) {
          throw new Unavailable(body.error);
        }
        return body.results;
      });
    }, function (error) {
      throw error.name === "AbortError" ? error : new Unavailable("");
    });
  }

  // Use my location ---------------------------------------------------------

  var locateButton = document.getElementById("use-location");
  if (locateButton && "geolocation" in navigator) {
    document.getElementById("locate").hidden = false;
    locateButton.addEventListener("click", function () {
      say(data.locating);
      navigator.geolocation.getCurrentPosition(located, notLocated, {
        enableHighAccuracy: true, timeout: 10000, maximumAge: 0
      });
    });
  }

  function located(position) {
    var lat = position.coords.latitude;
    var long = position.coords.longitude;
    setPoint(lat, long, true);
    if (fields.address.value.trim()) {
      say(data.located);
      return;
    }
    if (!geocoding) {
      say(data.locatedNoAddress);
      return;
    }
    ask(data.reverse, { lat: lat.toFixed(6), long: long.toFixed(6) }).then(function (results) {
      if (!results.length) {
        throw new Unavailable("");
      }
      fields.address.value = results[0].label;
      if (results[0].zipcode) {
        fields.zipcode.value = results[0].zipcode;
      }
      say(data.located);
    }).catch(function () {
      say(data.locatedNoAddress);
    });
  }

  function notLocated(error) {
    say(error.code === error.PERMISSION_DENIED ? data.denied : data.unavailable);
  }

  // Address suggestions: the combobox pattern of the ARIA practices ----------

  var list = document.getElementById("address-suggestions");
  var input = fields.address;
  var options = [];
  var places = [];
  var active = -1;
  var timer = null;
  var asked = 0;
  var asking = null;

  function suggest() {
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    // The browser's own address list would cover the suggestions.
    input.setAttribute("autocomplete", "off");
    input.addEventListener("input", typed);
    input.addEventListener("keydown", pressed);
    input.addEventListener("blur", close);
  }

  function stopSuggesting(message) {
    geocoding = false;
    close();
    ["role", "aria-autocomplete", "aria-expanded", "aria-controls"].forEach(function (name) {
      input.removeAttribute(name);
    });
    input.setAttribute("autocomplete", "street-address");
    input.removeEventListener("input", typed);
    input.removeEventListener("keydown", pressed);
    say(message || data.searchUnavailable);
  }

  function typed() {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < MIN_LETTERS) {
      close();
      return;
    }
    timer = setTimeout(function () {
      search(text);
    }, DELAY_MS);
  }

  function search(text) {
    var question = ++asked;
    if (asking) {
      asking.abort();
    }
    asking = window.AbortController ? new AbortController() : null;
    ask(data.search, { q: text }, asking && asking.signal).then(function (results) {
      if (question === asked) {
        show(results);
      }
    }, function (error) {
      if (error.name !== "AbortError" && geocoding) {
        stopSuggesting(error.message);
      }
    });
  }

  function show(results) {
    var wasOpen = !list.hidden;
    list.textContent = "";
    places = results;
    options = results.map(function (place, index) {
      var option = element("li", "", place.label);
      option.id = "address-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      if (place.inside === false) {
        option.appendChild(document.createTextNode(" "));
        option.appendChild(element("span", "report-outside", data.outside));
      }
      // Keep the focus in the field while the pointer chooses.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
      });
      option.addEventListener("click", function () {
        choose(place);
      });
      list.appendChild(option);
      return option;
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    var open = options.length > 0 && document.activeElement === input;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (open && !wasOpen) {
      say(data.suggestions);
    }
  }

  function close() {
    asked += 1;
    clearTimeout(timer);
    if (!list.hidden && status.textContent === data.suggestions) {
      say("");
    }
    list.hidden = true;
    active = -1;
    if (geocoding) {
      input.setAttribute("aria-expanded", "false");
    }
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    active = index;
    options.forEach(function (option, at) {
      option.setAttribute("aria-selected", String(at === index));
    });
    input.setAttribute("aria-activedescendant", options[index].id);
    if (options[index].scrollIntoView) {
      options[index].scrollIntoView({ block: "nearest" });
    }
  }

  function pressed(event) {
    var open = !list.hidden;
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && options.length) {
      event.preventDefault();
      if (!open) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      var down = event.key === "ArrowDown";
      var first = down ? 0 : options.length - 1;
      highlight(active === -1 ? first : (active + (down ? 1 : -1) + options.length) % options.length);
    } else if (event.key === "Enter" && open && active >= 0) {
      // Enter on a suggestion chooses it; it must not send the form.
      event.preventDefault();
      choose(places[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  }

  function choose(place) {
    input.value = place.label;
    if (place.zipcode) {
      fields.zipcode.value = place.zipcode;
    }
    var lat = number(place.lat);
    var long = number(place.long);
    if (lat !== null && long !== null) {
      setPoint(lat, long, true);
    }
    close();
  }

  if (list && input) {
    suggest();
  }

  // Keeping the report when offline -----------------------------------------

  var drafts = window.civic311Drafts;
  var box = element("div", "");
  box.setAttribute("aria-live", "polite");
  form.insertBefore(box, form.firstChild);
  // The draft this form was filled from, which sending replaces.
  var restored = null;
  var waiting = false;
  var passing = false;

  function tell(text, kind, items) {
    box.textContent = "";
    var alert = element("div", "usa-alert usa-alert--slim margin-y-2 usa-alert--" + kind);
    var body = element("div", "usa-alert__body");
    body.appendChild(element("p", "usa-alert__text", text));
    if (items && items.length) {
      var points = element("ul", "usa-list");
      items.forEach(function (item) {
        points.appendChild(element("li", "", item));
      });
      body.appendChild(points);
    }
    alert.appendChild(body);
    alert.tabIndex = -1;
    box.appendChild(alert);
    alert.focus();
  }

  function typedFields() {
    var kept = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") {
        return;
      }
      if (typeof value === "string") {
        kept.push({ name: name, value: value });
      } else if (value.size || value.name) {
        kept.push({
          name: name, filename: value.name, blob: new Blob([value], { type: value.type })
        });
      }
    });
    return kept;
  }

  // Sets every control to what ``kept`` holds, or empty.
  function fill(kept) {
    var values = {};
    var files = {};
    kept.forEach(function (field) {
      var into = field.blob ? files : values;
      (into[field.name] = into[field.name] || []).push(field.blob ? field : field.value);
    });
    Array.prototype.forEach.call(form.elements, function (control) {
      var given = values[control.name] || [];
      if (!control.name || /^(hidden|submit|button)$/.test(control.type)) {
        return;
      }
      if (control.type === "file") {
        putFiles(control, files[control.name] || []);
      } else if (control.type === "checkbox" || control.type === "radio") {
        control.checked = given.indexOf(control.value) !== -1;
      } else if (control.multiple) {
        Array.prototype.forEach.call(control.options, function (option) {
          option.selected = given.indexOf(option.value) !== -1;
        });
      } else {
        control.value = given.length ? given[0] : "";
      }
    });
    var lat = number(fields.lat.value);
    var long = number(fields.long.value);
    if (map && lat !== null && long !== null) {
      map.show(lat, long, true);
    }
  }

  function putFiles(control, kept) {
    if (kept.length && typeof DataTransfer !== "undefined") {
      var transfer = new DataTransfer();
      kept.forEach(function (file) {
        transfer.items.add(new File([file.blob], file.filename, { type: file.blob.type }));
      });
      control.files = transfer.files;
    } else {
      control.value = "";
    }
    control.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function keep() {
    var draft = {
      action: target.pathname,
      language: document.documentElement.lang,
      saved: new Date().toISOString(),
      state: "pending",
      fields: typedFields()
    };
    if (restored !== null) {
      draft.id = restored;
    }
    (restored !== null ? drafts.put(draft) : drafts.add(draft)).then(function () {
      drafts.work(null);
      restored = null;
      fill([]);
      tell(data.saved, "info");
    }, function () {
      tell(data.notSaved, "error");
    });
  }

  function submitted(event) {
    if (event.submitter === checkButton && !navigator.onLine) {
      event.preventDefault();
      tell(data.checkOffline, "warning");
      return;
    }
    if (event.submitter !== sendButton || !drafts || !window.indexedDB) {
      return;
    }
    if (passing) {
      if (restored !== null) {
        drafts.work(restored, true);
      }
      return;
    }
    event.preventDefault();
    if (waiting) {
      return;
    }
    if (!navigator.onLine) {
      keep();
      return;
    }
    // navigator.onLine can be true with no way out: ask the form's own
    // address first, and keep the report if even that fails.
    waiting = true;
    fetch(target.href, { method: "HEAD", cache: "no-store", credentials: "same-origin" }).then(
      function () {
        passing = true;
        form.requestSubmit(sendButton);
        passing = false;
      },
      keep
    ).then(function () {
      waiting = false;
    });
  }

  function restore() {
    var working = drafts.working();
    var opened = Number(new URLSearchParams(location.search).get("draft")) || null;
    var id = opened || (working && working.id);
    if (!id) {
      return;
    }
    drafts.get(id).then(function (draft) {
      if (!draft || draft.action !== location.pathname) {
        return;
      }
      restored = draft.id;
      drafts.work(draft.id, false);
      if (opened !== null) {
        fill(draft.fields);
        tell(data.restored, "info", draft.problems);
      }
    }).catch(function () {});
  }

  form.addEventListener("submit", submitted);
  if (drafts && window.indexedDB) {
    restore();
  }
})();
