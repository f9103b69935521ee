// trainshare web timetable: the only script of the pages (no build step, no framework).
// A <select data-autosubmit> submits its form when an option is picked with the mouse,
// so picking a version, a view, an item or a week needs no extra click. From the
// keyboard, arrow keys and typed letters only move through the options and Enter
// submits: each arrow press loaded a new page, with the focus back at the page's top
// (a keyboard audit). Without JavaScript the forms' buttons do the same.
"use strict";

// The id of the control to focus again on the page a keyboard choice loads.
var REFOCUS = "trainshare-refocus";

function remember(id) {
  try {
    window.sessionStorage.setItem(REFOCUS, id);
  } catch (e) {
    // storage may be off: the focus then starts at the top, as without this script
  }
}

function recall() {
  try {
    var id = window.sessionStorage.getItem(REFOCUS);
    window.sessionStorage.removeItem(REFOCUS);
    return id;
  } catch (e) {
    return null;
  }
}

function submit(select, byKey) {
  if (!select.form) return;
  if (byKey) remember(select.id);
  select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var keyed = false;
    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        submit(select, true);
      } else if (event.key !== "Tab") {
        keyed = true;
      }
    });
    select.addEventListener("pointerdown", function () {
      keyed = false;
    });
    select.addEventListener("change", function () {
      if (keyed) {
        keyed = false;
        return;
      }
      submit(select, false);
    });
  });
  ["prev-week", "next-week"].forEach(function (id) {
    var link = document.getElementById(id);
    // detail 0: a click from the keyboard (Enter), not the mouse
    if (link) link.addEventListener("click", function (event) { if (!event.detail) remember(id); });
  });

  // A form sent back with messages: focus its first refused field, whose message is
  // read with it (aria-describedby); else the control a keyboard choice came from.
  var invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid && invalid.tagName === "FIELDSET") invalid = invalid.querySelector("input");
  var again = recall();
  var target = invalid || (again && document.getElementById(again));
  if (target) target.focus();

  // Left and right arrow keys page through the weeks (not while typing in a field, nor
  // in the week grid, where they scroll it sideways).
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var tag = (target && target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    if (target && target.closest && target.closest(".scroll")) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var link = null;
    if (event.key === "ArrowLeft") link = document.getElementById("prev-week");
    if (event.key === "ArrowRight") link = document.getElementById("next-week");
    if (link) {
      remember(link.id);
      window.location.href = link.href;
    }
  });
});
