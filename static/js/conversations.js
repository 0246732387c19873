/* The conversation page, live. Without this file the page still works (reload to see new messages).
   - A WebSocket (/ws/conversations/<id>/) delivers each new message as it is stored;
   - when the socket cannot open or closes, the page asks the API every 5 seconds for messages newer
     than the last one shown, and tries the socket again now and then;
   - a message shown while the page is visible is marked read (POST …/read/). */
(function () {
  "use strict";

  var root = document.getElementById("conversation");
  if (!root) {
    return;
  }
  var thread = document.getElementById("thread");
  var lastId = parseInt(root.dataset.lastId || "0", 10);
  var pollTimer = null;
  var retryTimer = null;
  var POLL_MS = 5000;
  var RETRY_MS = 30000;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function label(role) {
    return root.dataset["label" + (role ? role.charAt(0).toUpperCase() + role.slice(1) : "Gone")] || "";
  }

  function append(message) {
    if (!message || message.id <= lastId) {
      return false;
    }
    lastId = message.id;
    var empty = thread.querySelector(".thread__empty");
    if (empty) {
      empty.remove();
    }
    var item = document.createElement("li");
    item.className = "thread__message thread__message--" + (message.sender_role || "gone");
    item.dataset.id = String(message.id);
    var who = document.createElement("span");
    who.className = "thread__who";
    who.textContent = label(message.sender_role);
    item.appendChild(who);
    var when = document.createElement("time");
    when.className = "muted";
    when.setAttribute("datetime", message.created_at);
    when.textContent = new Date(message.created_at).toLocaleString(document.documentElement.lang || undefined, {
      timeZone: "Asia/Shanghai"
    });
    item.appendChild(document.createTextNode(" "));
    item.appendChild(when);
    if (message.body) {
      var body = document.createElement("p");
      body.className = "thread__body";
      body.textContent = message.body; // text, never HTML
      item.appendChild(body);
    }
    if (message.attachment) {
      var link = document.createElement("a");
      link.className = "thread__attachment";
      link.href = root.dataset.attachmentUrl.replace(/\/0\/$/, "/" + message.attachment.id + "/");
      link.textContent = root.dataset.labelAttachment + "：" + message.attachment.name;
      item.appendChild(link);
    }
    thread.appendChild(item);
    return true;
  }

  function markRead() {
    if (document.visibilityState !== "visible") {
      return;
    }
    fetch(root.dataset.readUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" }
    }).catch(function () {});
  }

  function poll() {
    fetch(root.dataset.messagesUrl + "?after=" + lastId, {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        var added = false;
        (data.results || []).slice().reverse().forEach(function (message) {
          added = append(message) || added;
        });
        if (added) {
          markRead();
        }
      })
      .catch(function () {});
  }

  function startPolling() {
    if (pollTimer === null) {
      pollTimer = window.setInterval(poll, POLL_MS);
      poll();
    }
    if (retryTimer === null) {
      retryTimer = window.setTimeout(function () {
        retryTimer = null;
        connect();
      }, RETRY_MS);
    }
  }

  function stopPolling() {
    if (pollTimer !== null) {
      window.clearInterval(pollTimer);
      pollTimer = null;
    }
  }

  function connect() {
    if (!("WebSocket" in window)) {
      startPolling();
      return;
    }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(scheme + window.location.host + root.dataset.wsPath);
    } catch (error) {
      startPolling();
      return;
    }
    socket.addEventListener("open", function () {
      root.dataset.live = "socket";
      stopPolling();
      poll(); // anything sent while the socket was down
    });
    socket.addEventListener("message", function (event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (data.type === "message" && append(data.message)) {
        markRead();
      }
    });
    socket.addEventListener("close", function () {
      root.dataset.live = "polling";
      startPolling();
    });
  }

  connect();
})();
