// The project board's drag and drop: progressive enhancement over each card's "Move stage"
// form, which keyboard users and browsers without JavaScript use directly. A card dropped on
// the column of its next stage submits its own form with the forward action (approve when the
// reader may approve the gate, else submit for approval); anywhere else, a polite
// message explains. Every message comes from the page (data-msg-*), so it is translated.
(function () {
  "use strict";

  var board = document.querySelector("[data-board]");
  if (!board || !("draggable" in document.createElement("span"))) {
    return;
  }
  var status = document.querySelector("[data-board-status]");
  var dragged = null;

  var hideTimer = null;

  function announce(key) {
    if (!status) {
      return;
    }
    // Clear first so the same message read twice in a row is announced again.
    status.textContent = "";
    window.clearTimeout(hideTimer);
    window.setTimeout(function () {
      status.textContent = board.getAttribute("data-msg-" + key) || "";
      status.classList.remove("visually-hidden");
      // The message is shown for a while, then only kept for screen readers.
      hideTimer = window.setTimeout(function () {
        status.classList.add("visually-hidden");
      }, 6000);
    }, 50);
  }

  function columnOf(element) {
    return element && element.closest ? element.closest(".board-column") : null;
  }

  function clearHighlights() {
    board.querySelectorAll(".board-column.is-target, .board-column.is-refused").forEach(
      function (column) {
        column.classList.remove("is-target", "is-refused");
      }
    );
  }

  // Only cards with a form can move; only they become draggable.
  board.querySelectorAll(".board-card").forEach(function (card) {
    if (!card.querySelector(".board-move-form")) {
      return;
    }
    card.setAttribute("draggable", "true");
    card.classList.add("is-draggable");
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      card.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.getAttribute("data-project"));
    });
    card.addEventListener("dragend", function () {
      card.classList.remove("is-dragging");
      dragged = null;
      clearHighlights();
    });
  });

  board.querySelectorAll(".board-column").forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      if (!dragged) {
        return;
      }
      // Every column accepts the drop (a dropEffect of "none" would cancel it), so a refused
      // one can be explained; the highlight tells the two apart while dragging.
      event.preventDefault();
      var forward = column.getAttribute("data-stage") === dragged.getAttribute("data-next-stage");
      column.classList.toggle("is-target", forward);
      column.classList.toggle("is-refused", !forward && column !== columnOf(dragged));
      event.dataTransfer.dropEffect = "move";
    });
    column.addEventListener("dragleave", function (event) {
      if (!column.contains(event.relatedTarget)) {
        column.classList.remove("is-target", "is-refused");
      }
    });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      var card = dragged;
      clearHighlights();
      if (!card || column === columnOf(card)) {
        return;
      }
      var action = card.getAttribute("data-forward-action");
      if (column.getAttribute("data-stage") !== card.getAttribute("data-next-stage")) {
        announce(action ? "one-step" : "no-forward");
        return;
      }
      var form = card.querySelector(".board-move-form");
      var select = form && form.querySelector("select[name='action']");
      if (!form || !select || !action) {
        announce("no-forward");
        return;
      }
      select.value = action;
      announce("moving");
      card.classList.add("is-moving");
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    });
  });
})();
