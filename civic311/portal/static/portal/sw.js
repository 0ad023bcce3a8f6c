// The portal's service worker. civic311/portal/pwa.py serves it at /sw.js
// with self.CIVIC311_WORKER set first: the cache version, the offline
// page, the files to keep from the start, the static folders it keeps and
// the paths it never keeps. Pages: network first, then the kept copy, then
// the offline page. Those static files: the kept copy first. Everything
// else, and every POST, goes to the network untouched.
(function () {
  "use strict";
  var worker = self.CIVIC311_WORKER;
  var PREFIX = "civic311-";
  var CACHE = PREFIX + worker.version;

  self.addEventListener("install", function (event) {
    event.waitUntil(
      caches.open(CACHE).then(function (cache) {
        return cache.addAll(worker.precache);
      }).then(function () {
        return self.skipWaiting();
      })
    );
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(
      caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf(PREFIX) === 0 && name !== CACHE;
        }).map(function (name) {
          return caches.delete(name);
        }));
      }).then(function () {
        return self.clients.claim();
      })
    );
  });

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (request.method !== "GET" || !keepable(url)) {
      return;
    }
    if (startsWithAny(url.pathname, worker.static)) {
      event.respondWith(cacheFirst(event));
    } else if (request.mode === "navigate") {
      event.respondWith(networkFirst(event));
    }
  });

  function startsWithAny(path, prefixes) {
    return prefixes.some(function (prefix) {
      return path.indexOf(prefix) === 0;
    });
  }

  function keepable(url) {
    return url.origin === self.location.origin && !startsWithAny(url.pathname, worker.never);
  }

  function keep(event, response) {
    // Only whole answers from this site: no errors, redirects or opaque ones.
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) {
        return cache.put(event.request, copy);
      }));
    }
    return response;
  }

  function cacheFirst(event) {
    return caches.match(event.request).then(function (kept) {
      return kept || fetch(event.request).then(function (response) {
        return keep(event, response);
      });
    });
  }

  function networkFirst(event) {
    return fetch(event.request).then(function (response) {
      return keep(event, response);
    }).catch(function () {
      var loose = { ignoreVary: true };
      return caches.match(event.request, loose).then(function (kept) {
        return kept || caches.match(worker.offline, loose);
      }).then(function (kept) {
        return kept || Response.error();
      });
    });
  }
})();
