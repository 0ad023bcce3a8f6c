// On every portal page: register the service worker, and send the reports
// kept on this device while it was offline (report.js keeps them, see
// civic311/portal/pwa.py). The texts and addresses come from this script
// tag's data- attributes; report.js uses the drafts store through
// window.civic311Drafts.
(function () {
  "use strict";
  var data = document.currentScript.dataset;
  var DATABASE = "civic311";
  var STORE = "drafts";
  // The draft this tab is working on: {id, sending}, see report.js.
  var WORKING = "civic311-draft";
  var DONE = new RegExp("^" + escaped(data.done).replace("NUMBER", "[^/]+") + "$");
  var shown = {};
  var busy = false;
  var notices;

  function escaped(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function run(mode, action) {
    return new Promise(function (resolve, reject) {
      var opening = indexedDB.open(DATABASE, 1);
      opening.onupgradeneeded = function () {
        opening.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      opening.onerror = function () {
        reject(opening.error);
      };
      opening.onsuccess = function () {
        var db = opening.result;
        var transaction = db.transaction(STORE, mode);
        var request = action(transaction.objectStore(STORE));
        transaction.oncomplete = function () {
          db.close();
          resolve(request.result);
        };
        transaction.onerror = transaction.onabort = function () {
          db.close();
          reject(transaction.error);
        };
      };
    });
  }

  function storage(change) {
    try {
      return change(window.sessionStorage);
    } catch (error) {
      return null;
    }
  }

  var drafts = {
    add: function (draft) {
      return run("readwrite", function (store) { return store.add(draft); });
    },
    put: function (draft) {
      return run("readwrite", function (store) { return store.put(draft); });
    },
    get: function (id) {
      return run("readonly", function (store) { return store.get(id); });
    },
    all: function () {
      return run("readonly", function (store) { return store.getAll(); });
    },
    remove: function (id) {
      return run("readwrite", function (store) { return store.delete(id); });
    },
    working: function () {
      return storage(function (session) {
        return JSON.parse(session.getItem(WORKING) || "null");
      });
    },
    work: function (id, sending) {
      storage(function (session) {
        if (id === null) {
          session.removeItem(WORKING);
        } else {
          session.setItem(WORKING, JSON.stringify({ id: id, sending: sending }));
        }
      });
    }
  };
  window.civic311Drafts = drafts;

  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (pair) {
      return pair.indexOf(name + "=") === 0;
    })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    made.className = className || "";
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  function notice(kind, text, href, linkText) {
    var alert = element("div", "usa-alert usa-alert--slim margin-y-2 usa-alert--" + kind);
    var body = element("div", "usa-alert__body");
    var line = element("p", "usa-alert__text", text + " ");
    var link = element("a", "usa-link", linkText);
    link.href = href;
    line.appendChild(link);
    body.appendChild(line);
    alert.appendChild(body);
    notices.appendChild(alert);
    return line;
  }

  function sentNotice(url) {
    notice("success", data.sent, url, data.sentLink);
  }

  function fixNotice(draft) {
    // Not on the form where it is being fixed.
    var working = drafts.working();
    var opened = new URLSearchParams(location.search).get("draft");
    var fixing = location.pathname === draft.action &&
      (String(draft.id) === opened || (working !== null && working.id === draft.id));
    if (shown[draft.id] || fixing) {
      return;
    }
    shown[draft.id] = true;
    var line = notice("warning", data.fix, draft.action + "?draft=" + draft.id, data.fixLink);
    var discard = element("button", "usa-button usa-button--unstyled margin-left-1", data.discard);
    discard.type = "button";
    discard.addEventListener("click", function () {
      drafts.remove(draft.id).then(function () {
        line.textContent = data.discarded;
        line.tabIndex = -1;
        line.focus();
      });
    });
    line.appendChild(discard);
  }

  // What the report form said was wrong, in its words and language, for
  // report.js to show when the draft is opened again.
  function problems(page) {
    var found = new DOMParser().parseFromString(page, "text/html");
    var heading = found.getElementById("summary-heading");
    var summary = heading ? heading.closest(".usa-alert").querySelectorAll("li") : [];
    var place = found.querySelectorAll("#redirect .usa-alert__text");
    return Array.prototype.concat.apply([], [
      Array.prototype.slice.call(place), Array.prototype.slice.call(summary)
    ]).map(function (item) {
      return item.textContent.trim();
    });
  }

  function send(draft) {
    var body = new FormData();
    draft.fields.forEach(function (field) {
      if (field.blob) {
        body.append(field.name, field.blob, field.filename);
      } else {
        body.append(field.name, field.value);
      }
    });
    body.set("action", "send");
    var headers = { "X-CSRFToken": cookie("csrftoken") };
    if (draft.language) {
      headers["Accept-Language"] = draft.language;
    }
    return fetch(draft.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "follow",
      headers: headers
    }).then(function (response) {
      if (response.ok && DONE.test(new URL(response.url).pathname)) {
        return drafts.remove(draft.id).then(function () {
          sentNotice(response.url);
        });
      }
      if (response.status === 400) {
        return response.text().then(function (page) {
          draft.state = "rejected";
          draft.problems = problems(page);
          return drafts.put(draft);
        }).then(function () {
          fixNotice(draft);
        });
      }
    }, function () {
      // No connection after all: the draft waits for the next chance.
    });
  }

  function sendAll() {
    if (busy || !navigator.onLine) {
      return;
    }
    busy = true;
    var task = function () {
      return drafts.all().then(function (all) {
        return all.reduce(function (chain, draft) {
          return chain.then(function () {
            return draft.state === "rejected" ? fixNotice(draft) : send(draft);
          });
        }, Promise.resolve());
      });
    };
    var locked = navigator.locks ? navigator.locks.request(STORE, task) : task();
    locked.catch(function () {}).then(function () {
      busy = false;
    });
  }

  function forgetSent() {
    // A draft filled in again by report.js and then sent by the form.
    var working = drafts.working();
    if (!working || !working.sending || !DONE.test(location.pathname)) {
      return Promise.resolve();
    }
    drafts.work(null);
    return drafts.remove(working.id);
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(data.worker, { scope: "/" }).catch(function () {});
  }
  notices = element("div", "civic311-notices");
  notices.setAttribute("aria-live", "polite");
  var main = document.getElementById("main-content") || document.body;
  main.insertBefore(notices, main.firstChild);
  if (window.indexedDB) {
    forgetSent().catch(function () {}).then(sendAll);
    window.addEventListener("online", sendAll);
  }
})();
