/* hipcoach session player: one exercise at a time, hold and rest countdowns, the state saved as it goes.
 *
 * Plain script, no framework and no build step. Without it the page lists the session with a form to log it.
 * Time: a countdown stores when it ends (ends_at_ms) and every display computes what is left from Date.now();
 * ticks only redraw. So a phone that sleeps, or a tab the browser throttles, shows the right time again the
 * moment it wakes (visibilitychange), and a page reopened from the draft carries on with the same countdown.
 */
(function () {
  "use strict";

  var root = document.getElementById("player");
  var planNode = document.getElementById("session-plan");
  var tokenNode = document.querySelector('meta[name="csrf-token"]');
  if (!root || !planNode || !tokenNode || !window.fetch || !window.JSON) {
    return; // the plain list and its form stay in charge
  }

  var DRAFT_URL = "/api/session/draft";
  var FINISH_URL = "/api/session/finish";
  var csrfToken = tokenNode.getAttribute("content");
  var pagePlan = JSON.parse(planNode.textContent);

  var plan = null; // the plan being played (the page's, or the one a resumed draft follows)
  var steps = [];
  var state = null; // what is saved as the draft: see services/drafts.py DraftState
  var tickHandle = null;
  var lastRep = null;
  var soundOn = true;
  var audio = null;
  var wakeLock = null;

  function $(id) {
    return document.getElementById(id);
  }

  // ---- building blocks -------------------------------------------------------------------------------

  function buildSteps(forPlan) {
    var list = [{ type: "baseline" }];
    forPlan.items.forEach(function (item, index) {
      // The server walks the rounds (the prescribed ones, then any extra round on the weaker side) so the
      // player, the command line and "done as prescribed" do the same sets.
      item.rounds_to_do.forEach(function (planned, position) {
        planned.sides.forEach(function (side) {
          list.push({ type: "set", index: index, round: planned.round, side: side });
        });
        if (position < item.rounds_to_do.length - 1) {
          list.push({ type: "rest", index: index, round: planned.round });
        }
      });
      if (item.logs_effort) {
        list.push({ type: "effort", index: index });
      }
    });
    list.push({ type: "end" });
    return list;
  }

  function freshState(forPlan) {
    return {
      version: 1,
      kind: forPlan.kind,
      step: 0,
      baseline_pain: null,
      exercises: forPlan.items.map(function (item) {
        return {
          exercise_id: item.exercise_id,
          ladder_level: item.level,
          rounds: item.rounds,
          sets: [],
          load_kg: null,
          pain_during: null,
          rpe: null,
        };
      }),
      pain_during: null,
      rpe: null,
      tightness: null,
      timer: null,
    };
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function sideText(side) {
    return side === "both" ? "" : " · " + side + " side";
  }

  function counterText(item, round, side) {
    if (round > item.rounds) {
      return "Extra round" + sideText(side);
    }
    return "Round " + round + " of " + item.rounds + sideText(side);
  }

  function formatSeconds(seconds) {
    if (seconds < 60) {
      return String(seconds);
    }
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function findSet(exercise, round, side) {
    for (var i = 0; i < exercise.sets.length; i++) {
      if (exercise.sets[i].round === round && exercise.sets[i].side === side) {
        return exercise.sets[i];
      }
    }
    return null;
  }

  function recordSet(index, round, side, reps, seconds) {
    var exercise = state.exercises[index];
    exercise.sets = exercise.sets.filter(function (s) {
      return !(s.round === round && s.side === side);
    });
    exercise.sets.push({ round: round, side: side, reps: reps, seconds: seconds, load_kg: null });
  }

  // ---- sound, vibration, screen wake lock, announcements -------------------------------------------

  function unlockAudio() {
    // Browsers only allow sound after a tap; the first button press creates the audio context.
    if (audio || !soundOn) {
      return;
    }
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context) {
      try {
        audio = new Context();
      } catch (error) {
        audio = null;
      }
    }
  }

  function beep(times) {
    if (!soundOn) {
      return;
    }
    if (navigator.vibrate) {
      try {
        navigator.vibrate(times > 1 ? [200, 120, 200] : 200);
      } catch (error) {
        /* not allowed here: fine */
      }
    }
    if (!audio) {
      return;
    }
    try {
      if (audio.state === "suspended") {
        audio.resume();
      }
      for (var i = 0; i < times; i++) {
        var start = audio.currentTime + i * 0.3;
        var tone = audio.createOscillator();
        var gain = audio.createGain();
        tone.frequency.value = 880;
        gain.gain.setValueAtTime(0.25, start);
        gain.gain.exponentialRampToValueAtTime(0.001, start + 0.2);
        tone.connect(gain);
        gain.connect(audio.destination);
        tone.start(start);
        tone.stop(start + 0.22);
      }
    } catch (error) {
      /* no sound here: the countdown is still on screen */
    }
  }

  function keepScreenOn() {
    if (!("wakeLock" in navigator) || wakeLock || document.visibilityState !== "visible") {
      return;
    }
    navigator.wakeLock.request("screen").then(
      function (lock) {
        wakeLock = lock;
        lock.addEventListener("release", function () {
          wakeLock = null;
        });
      },
      function () {
        /* refused (battery saver, permissions): the countdown keeps time anyway */
      }
    );
  }

  function letScreenSleep() {
    if (wakeLock) {
      wakeLock.release();
      wakeLock = null;
    }
  }

  function announce(text) {
    // Cleared first so the same words twice are still read; polite, so it never interrupts the reader.
    var region = $("announce");
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text;
    }, 50);
  }

  // ---- saving as it goes ---------------------------------------------------------------------------

  var saving = null;
  var dirty = false;
  var lastSaveFailed = false;

  function showSaved(text) {
    $("save-status").textContent = text;
  }

  function clockTime(date) {
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function errorDetail(response) {
    return response
      .json()
      .then(function (body) {
        var detail = body && body.detail;
        if (Array.isArray(detail)) {
          // a request the server could not read (422): name the fields, as the server does
          return detail
            .map(function (problem) {
              return (problem.loc || []).slice(1).join(".") + ": " + problem.msg;
            })
            .join("; ");
        }
        return detail ? String(detail) : "the server answered " + response.status;
      })
      .catch(function () {
        return "the server answered " + response.status;
      });
  }

  function putDraft(keepalive) {
    return fetch(DRAFT_URL, {
      method: "PUT",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
      body: JSON.stringify(state),
    });
  }

  function save() {
    dirty = true;
    if (!saving) {
      saving = flush();
    }
    return saving;
  }

  function flush() {
    if (!dirty || !state) {
      saving = null;
      return Promise.resolve(!lastSaveFailed);
    }
    dirty = false;
    showSaved("Saving…");
    return putDraft(false)
      .then(function (response) {
        if (!response.ok) {
          return errorDetail(response).then(function (detail) {
            throw new Error(detail);
          });
        }
        lastSaveFailed = false;
        showSaved("Saved at " + clockTime(new Date()));
      })
      .catch(function (error) {
        lastSaveFailed = true;
        dirty = true;
        showSaved("Not saved yet (" + error.message + "); it tries again at the next step.");
        return "stop";
      })
      .then(function (outcome) {
        if (outcome === "stop") {
          saving = null;
          return false;
        }
        return flush();
      });
  }

  // ---- countdowns ------------------------------------------------------------------------------------

  function startTimer(kind, seconds, reps) {
    state.timer = {
      kind: kind,
      step: state.step,
      ends_at_ms: Date.now() + seconds * reps * 1000,
      seconds: seconds,
      reps: reps,
    };
    lastRep = 1;
    keepScreenOn();
    save();
  }

  function timerStatus(timer) {
    var now = Date.now();
    if (now >= timer.ends_at_ms) {
      return { done: true, rep: timer.reps, remaining: 0 };
    }
    // Each rep ends a whole hold before the next one: find the first rep end still in the future.
    var rep = 1;
    while (timer.ends_at_ms - (timer.reps - rep) * timer.seconds * 1000 <= now) {
      rep++;
    }
    var repEnds = timer.ends_at_ms - (timer.reps - rep) * timer.seconds * 1000;
    return { done: false, rep: rep, remaining: Math.max(1, Math.ceil((repEnds - now) / 1000)) };
  }

  function timerLabel(timer, rep) {
    if (timer.kind === "rest") {
      return "Rest";
    }
    return timer.reps > 1 ? "Rep " + rep + " of " + timer.reps + ": hold" : "Hold";
  }

  function tick() {
    var timer = state && state.timer;
    if (!timer || timer.step !== state.step) {
      return;
    }
    var status = timerStatus(timer);
    $("timer").hidden = false;
    $("timer-label").textContent = timerLabel(timer, status.rep);
    $("countdown").textContent = formatSeconds(status.remaining);
    if (status.done) {
      timerFinished(timer);
      return;
    }
    if (lastRep !== null && status.rep !== lastRep) {
      beep(1); // the next rep's hold begins
    }
    lastRep = status.rep;
  }

  function ensureTicking() {
    if (tickHandle === null) {
      tickHandle = window.setInterval(tick, 250);
    }
  }

  function stopTicking() {
    if (tickHandle !== null) {
      window.clearInterval(tickHandle);
      tickHandle = null;
    }
  }

  function timerFinished(timer) {
    var step = steps[timer.step];
    var item = plan.items[step.index];
    state.timer = null;
    stopTicking();
    beep(2);
    if (timer.kind === "rest") {
      var next = steps[timer.step + 1];
      announce("Rest over. " + describeStep(next));
      go(timer.step + 1, true);
      return;
    }
    var dose = item.dose;
    recordSet(step.index, step.round, step.side, dose.reps_per_side || null, dose.hold_seconds);
    announce("Hold done.");
    go(timer.step + 1, true);
  }

  function stopHoldEarly() {
    var timer = state.timer;
    var step = steps[state.step];
    var item = plan.items[step.index];
    var status = timerStatus(timer);
    state.timer = null;
    stopTicking();
    var held = timer.seconds * timer.reps - Math.ceil((timer.ends_at_ms - Date.now()) / 1000);
    if (timer.reps > 1) {
      // reps with a hold: the reps whose hold was completed count
      recordSet(step.index, step.round, step.side, status.rep - 1, item.dose.hold_seconds);
    } else {
      recordSet(step.index, step.round, step.side, null, Math.max(0, held));
    }
    announce("Hold stopped.");
    go(state.step + 1, true);
  }

  // ---- what each step shows ----------------------------------------------------------------------------

  function describeStep(step) {
    if (!step) {
      return "";
    }
    if (step.type === "set") {
      var item = plan.items[step.index];
      return item.name + ". " + counterText(item, step.round, step.side).replace(" · ", ", ") + ".";
    }
    if (step.type === "rest") {
      return "Rest.";
    }
    if (step.type === "effort") {
      return "How did " + plan.items[step.index].name + " go?";
    }
    if (step.type === "end") {
      return "Session done: three last questions.";
    }
    return "Before you start: your pain right now.";
  }

  function scaleField(name, label, value, hint) {
    var wrap = el("div", { class: "field" });
    var input = el("input", {
      type: "number",
      inputmode: "numeric",
      id: "f-" + name,
      name: name,
      min: "0",
      max: "10",
      step: "1",
      required: "",
    });
    var labelNode = el("label", { for: "f-" + name }, label + " ");
    labelNode.appendChild(el("span", { class: "unit" }, "(0-10)"));
    wrap.appendChild(labelNode);
    if (hint) {
      wrap.appendChild(el("p", { class: "hint", id: "f-" + name + "-hint" }, hint));
      input.setAttribute("aria-describedby", "f-" + name + "-hint");
    }
    if (value !== null && value !== undefined) {
      input.value = String(value);
    }
    wrap.appendChild(input);
    return wrap;
  }

  function doseView(item) {
    var dose = item.dose;
    var box = $("dose");
    if (dose.circles_each_direction) {
      var row = el("div", { class: "circles" });
      [
        ["clockwise", "↻"],
        ["counter-clockwise", "↺"],
      ].forEach(function (pair) {
        var part = el("p", { class: "circle-count" });
        part.appendChild(el("span", { class: "big" }, String(dose.circles_each_direction)));
        part.appendChild(el("span", { "aria-hidden": "true", class: "arrow" }, " " + pair[1] + " "));
        part.appendChild(el("span", {}, pair[0]));
        row.appendChild(part);
      });
      box.appendChild(row);
      box.appendChild(el("p", { class: "dose-text" }, "circles: clockwise first, then counter-clockwise"));
    } else if (dose.reps_per_side && dose.hold_seconds) {
      box.appendChild(el("p", { class: "big" }, dose.reps_per_side + " reps"));
      box.appendChild(el("p", { class: "dose-text" }, "hold each for " + dose.hold_seconds + " s"));
    } else if (dose.hold_seconds) {
      box.appendChild(el("p", { class: "big" }, "Hold " + formatSeconds(dose.hold_seconds) + " s"));
    } else if (dose.reps_per_side) {
      box.appendChild(el("p", { class: "big" }, dose.reps_per_side + " reps"));
    }
  }

  function notesView(item) {
    var notes = $("notes");
    notes.appendChild(el("p", { class: "summary" }, item.summary));
    var list = el("ul", { class: "cues" });
    item.cues.forEach(function (cue) {
      list.appendChild(el("li", {}, cue));
    });
    notes.appendChild(list);
    (item.because || []).forEach(function (reason) {
      notes.appendChild(el("p", { class: "because" }, "Changed for you " + reason + "."));
    });
  }

  function setPrimary(label, action) {
    var button = $("primary");
    button.textContent = label;
    button.onclick = function () {
      unlockAudio();
      hideError();
      action();
    };
    button.disabled = false;
  }

  function showError(text) {
    var box = $("step-error");
    box.textContent = text;
    box.hidden = false;
  }

  function hideError() {
    $("step-error").hidden = true;
    $("step-error").textContent = "";
  }

  function readScale(name, label) {
    var input = $("f-" + name);
    var text = input.value.trim();
    var value = Number(text);
    if (text === "" || !Number.isInteger(value) || value < 0 || value > 10) {
      showError("Please give " + label + " as a whole number from 0 to 10.");
      input.focus();
      return null;
    }
    return value;
  }

  // ---- the exercise's figure: fetched once per exercise, shown as inline SVG ---------------------------
  // Inline rather than an <img>: the picture's own title and description reach screen readers, and its
  // reduced-motion style (the key poses side by side instead of moving) follows the page's setting.

  var figures = {}; // figure URL -> a promise of the parsed <svg>, or of null when it could not be had

  function loadFigure(url) {
    if (!figures[url]) {
      figures[url] = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (text) {
          if (!text) {
            return null;
          }
          var doc = new DOMParser().parseFromString(text, "image/svg+xml");
          var svg = doc.documentElement;
          var broken = doc.getElementsByTagName("parsererror").length > 0;
          return !broken && svg.localName === "svg" ? svg : null;
        })
        .catch(function () {
          return null;
        });
    }
    return figures[url].then(function (svg) {
      return svg ? document.importNode(svg, true) : null;
    });
  }

  function figureView(item, side) {
    var box = $("figure");
    var url = item ? item.figure_url : null;
    if (url && (side === "left" || side === "right")) {
      url += (url.indexOf("?") < 0 ? "?" : "&") + "side=" + side;
    }
    if (!url) {
      box.hidden = true;
      box.textContent = "";
      box.removeAttribute("data-url");
      return;
    }
    if (box.getAttribute("data-url") === url) {
      return; // the same exercise: the figure keeps moving where it is
    }
    box.setAttribute("data-url", url);
    box.textContent = "";
    box.hidden = true;
    loadFigure(url).then(function (svg) {
      if (svg && box.getAttribute("data-url") === url) {
        box.textContent = "";
        box.appendChild(svg);
        box.hidden = false;
      }
    });
  }

  function clearStage() {
    ["dose", "notes"].forEach(function (id) {
      $(id).textContent = "";
    });
    $("step-form").textContent = "";
    $("step-form").hidden = true;
    $("timer").hidden = true;
    $("level").hidden = true;
    $("counter").textContent = "";
    hideError();
  }

  function render() {
    clearStage();
    var step = steps[state.step];
    var count = plan.items.length;
    var item = step.index !== undefined ? plan.items[step.index] : null;
    $("position").textContent = item
      ? "Exercise " + (step.index + 1) + " of " + count + " · " + item.block
      : step.type === "end"
        ? "End of the session"
        : "";
    $("back").hidden = state.step === 0;
    $("skip").hidden = !item;
    // the figure works the side of the set (during a rest, of the set that comes next)
    var figureStep = step.type === "rest" ? steps[state.step + 1] : step;
    figureView(step.type === "set" || step.type === "rest" ? item : null, figureStep.side);
    if (step.type === "baseline") {
      renderBaseline();
    } else if (step.type === "set") {
      renderSet(step, item);
    } else if (step.type === "rest") {
      renderRest(step, item);
    } else if (step.type === "effort") {
      renderEffort(step, item);
    } else {
      renderEnd();
    }
    if (state.timer && state.timer.step === state.step) {
      ensureTicking();
      tick();
    }
  }

  function renderBaseline() {
    $("step-title").textContent = "Before you start";
    var form = $("step-form");
    form.hidden = false;
    form.appendChild(
      scaleField(
        "baseline_pain",
        "Your pain right now",
        state.baseline_pain,
        "Tomorrow morning's check-in compares with this."
      )
    );
    form.onsubmit = function (event) {
      event.preventDefault();
      $("primary").click();
    };
    setPrimary("Start the session", function () {
      var value = readScale("baseline_pain", "your pain right now");
      if (value === null) {
        return;
      }
      state.baseline_pain = value;
      keepScreenOn();
      go(1);
    });
  }

  function renderSet(step, item) {
    $("step-title").textContent = item.name;
    if (item.level_name) {
      $("level").hidden = false;
      $("level").textContent = "Level " + item.level + ": " + item.level_name;
    }
    $("counter").textContent = counterText(item, step.round, step.side);
    doseView(item);
    notesView(item);
    var dose = item.dose;
    var done = findSet(state.exercises[step.index], step.round, step.side);
    var running = state.timer && state.timer.step === state.step;
    if (dose.hold_seconds && !running) {
      var reps = dose.reps_per_side || 1;
      $("timer").hidden = false;
      $("timer-label").textContent = reps > 1 ? "Each rep: hold" : "Hold";
      $("countdown").textContent = formatSeconds(dose.hold_seconds);
    }
    if (done) {
      var what = done.seconds !== null && !done.reps ? done.seconds + " s held" : (done.reps || 0) + " done";
      $("dose").appendChild(el("p", { class: "done-mark" }, "Done before: " + what + "."));
      setPrimary("Next", function () {
        go(state.step + 1);
      });
    } else if (running) {
      setPrimary("Stop hold", stopHoldEarly);
    } else if (dose.hold_seconds) {
      setPrimary("Start hold", function () {
        var reps = dose.reps_per_side || 1;
        startTimer("hold", dose.hold_seconds, reps);
        var what =
          reps > 1 ? reps + " reps, each held " + dose.hold_seconds + " seconds" : dose.hold_seconds + " seconds";
        announce("Hold started: " + what + ".");
        render();
      });
    } else {
      setPrimary("Done", function () {
        recordSet(step.index, step.round, step.side, dose.reps_per_side || dose.circles_each_direction, null);
        go(state.step + 1);
      });
    }
  }

  function renderRest(step, item) {
    var next = steps[state.step + 1];
    $("step-title").textContent = "Rest";
    $("counter").textContent = "Next: " + counterText(item, next.round, next.side);
    $("dose").appendChild(el("p", { class: "dose-text" }, item.name));
    if (!state.timer || state.timer.step !== state.step) {
      startTimer("rest", item.rest_seconds, 1);
      announce("Rest " + item.rest_seconds + " seconds.");
    }
    setPrimary("Skip rest", function () {
      state.timer = null;
      stopTicking();
      go(state.step + 1);
    });
  }

  function renderEffort(step, item) {
    var exercise = state.exercises[step.index];
    $("step-title").textContent = item.name;
    $("counter").textContent = "How did it go?";
    var form = $("step-form");
    form.hidden = false;
    var sets = exercise.sets.slice().sort(function (a, b) {
      return a.round - b.round || (a.side < b.side ? -1 : a.side > b.side ? 1 : 0);
    });
    var unit = item.dose.circles_each_direction ? "circles each way" : "reps";
    if (sets.length) {
      var group = el("fieldset", { class: "reps-done" });
      group.appendChild(el("legend", {}, "The " + unit + " you did"));
      sets.forEach(function (done, position) {
        var id = "f-reps-" + position;
        var wrap = el("div", { class: "field field-inline" });
        var roundName = done.round > item.rounds ? "Extra round" : "Round " + done.round;
        wrap.appendChild(el("label", { for: id }, roundName + sideText(done.side)));
        var input = el("input", {
          type: "number",
          inputmode: "numeric",
          id: id,
          min: "0",
          max: "200",
          step: "1",
        });
        input.value = String(done.reps !== null ? done.reps : "");
        wrap.appendChild(input);
        group.appendChild(wrap);
      });
      form.appendChild(group);
    }
    var load = el("div", { class: "field" });
    load.appendChild(el("label", { for: "f-load" }, "Load in kg (leave empty for bodyweight)"));
    var loadInput = el("input", {
      type: "number",
      inputmode: "decimal",
      id: "f-load",
      min: "0",
      max: "500",
      step: "0.5",
    });
    if (exercise.load_kg !== null) {
      loadInput.value = String(exercise.load_kg);
    }
    load.appendChild(loadInput);
    form.appendChild(load);
    form.appendChild(
      scaleField(
        "pain_during",
        "Pain during this exercise",
        exercise.pain_during,
        "0-3 is fine, 4-5 is acceptable, above 5 is too much: ease off."
      )
    );
    form.appendChild(
      scaleField("rpe", "Effort (RPE)", exercise.rpe, "Aim for 6-8: the last reps hard, the form still clean.")
    );
    form.onsubmit = function (event) {
      event.preventDefault();
      $("primary").click();
    };
    setPrimary("Save and continue", function () {
      var reps = [];
      for (var i = 0; i < sets.length; i++) {
        var text = $("f-reps-" + i).value.trim();
        var value = text === "" ? null : Number(text);
        if (value !== null && (!Number.isInteger(value) || value < 0 || value > 200)) {
          showError("Please give the " + unit + " of each set as a whole number (0 or more).");
          $("f-reps-" + i).focus();
          return;
        }
        reps.push(value);
      }
      var loadText = loadInput.value.trim().replace(",", ".");
      var loadKg = loadText === "" ? null : Number(loadText);
      if (loadKg !== null && (!isFinite(loadKg) || loadKg < 0 || loadKg > 500)) {
        showError("Please give the load in kg (0 to 500), or leave it empty for bodyweight.");
        loadInput.focus();
        return;
      }
      var pain = readScale("pain_during", "the pain during this exercise");
      if (pain === null) {
        return;
      }
      var rpe = readScale("rpe", "the effort (RPE)");
      if (rpe === null) {
        return;
      }
      sets.forEach(function (done, position) {
        done.reps = reps[position];
        done.load_kg = loadKg;
      });
      exercise.load_kg = loadKg;
      exercise.pain_during = pain;
      exercise.rpe = rpe;
      go(state.step + 1);
    });
  }

  function renderEnd() {
    var total = 0;
    var done = 0;
    plan.items.forEach(function (item, index) {
      item.rounds_to_do.forEach(function (planned) {
        total += planned.sides.length;
      });
      done += state.exercises[index].sets.length;
    });
    $("step-title").textContent = "Session done";
    $("counter").textContent = done + " of " + total + " sets done";
    $("dose").appendChild(el("p", { class: "player-end-note" }, "Three last questions, then it is saved."));
    var form = $("step-form");
    form.hidden = false;
    if (plan.kind === "mobility") {
      form.appendChild(
        scaleField(
          "pain_during",
          "Worst pain during the session",
          state.pain_during,
          "0-3 is fine, 4-5 is acceptable, above 5 is too much: ease off next time."
        )
      );
    }
    form.appendChild(
      scaleField("rpe", "Effort of the whole session (RPE)", state.rpe, "0 is rest, 10 the hardest you can imagine.")
    );
    form.appendChild(scaleField("tightness", "Hip tightness now", state.tightness));
    form.onsubmit = function (event) {
      event.preventDefault();
      $("primary").click();
    };
    setPrimary("Finish and save", finishSession);
  }

  // ---- moving between steps -------------------------------------------------------------------------

  function go(index, quiet) {
    if (state.timer && state.timer.step !== index) {
      state.timer = null;
      stopTicking();
    }
    state.step = Math.max(0, Math.min(index, steps.length - 1));
    lastRep = null;
    var focusWasInForm = $("step-form").contains(document.activeElement);
    render();
    // A step with questions takes the keyboard to the first one (the form sits above the buttons); a field
    // that was just answered and is gone hands the keyboard to the main button, never to the page's top.
    var firstField = $("step-form").hidden ? null : $("step-form").querySelector("input");
    if (firstField && !quiet) {
      firstField.focus();
    } else if (focusWasInForm) {
      $("primary").focus();
    }
    if (!quiet) {
      announce(describeStep(steps[state.step]));
    }
    save();
  }

  function back() {
    var index = state.step - 1;
    while (index > 0 && steps[index].type === "rest") {
      index--; // going back into a rest is never what anyone wants
    }
    go(index);
  }

  function skipExercise() {
    var current = steps[state.step].index;
    var index = state.step;
    while (index < steps.length - 1 && steps[index].index === current) {
      index++;
    }
    announce("Skipped.");
    go(index);
  }

  function finishSession() {
    var answers = {};
    if (plan.kind === "mobility") {
      answers.pain_during = readScale("pain_during", "the worst pain during the session");
      if (answers.pain_during === null) {
        return;
      }
    }
    answers.rpe = readScale("rpe", "the effort of the session");
    if (answers.rpe === null) {
      return;
    }
    answers.tightness = readScale("tightness", "your hip tightness now");
    if (answers.tightness === null) {
      return;
    }
    Object.keys(answers).forEach(function (key) {
      state[key] = answers[key];
    });
    var button = $("primary");
    button.disabled = true;
    showSaved("Saving your session…");
    save()
      .then(function (saved) {
        if (saved === false) {
          throw new Error("your answers could not be sent to the server");
        }
        return fetch(FINISH_URL, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRF-Token": csrfToken },
        });
      })
      .then(function (response) {
        if (response.status === 201) {
          return response.json().then(function (saved) {
            letScreenSleep();
            window.removeEventListener("pagehide", flushOnLeave);
            window.location.assign(saved.next);
          });
        }
        return errorDetail(response).then(function (detail) {
          throw new Error(detail);
        });
      })
      .catch(function (error) {
        button.disabled = false;
        showSaved("");
        showError("Not saved: " + error.message + ". Your answers are kept; correct it and try again.");
      });
  }

  // ---- start, resume, leave -----------------------------------------------------------------------------

  function begin(withPlan, withState) {
    plan = withPlan;
    steps = buildSteps(plan);
    state = withState;
    state.step = Math.max(0, Math.min(state.step, steps.length - 1));
    $("resume").hidden = true;
    $("stage").hidden = false;
    var timer = state.timer;
    if (timer && (timer.step !== state.step || Date.now() >= timer.ends_at_ms)) {
      if (timer.step === state.step) {
        timerFinished(timer); // it ran out while the page was closed
        return;
      }
      state.timer = null;
    }
    render();
  }

  function startFresh(moveFocus) {
    begin(pagePlan, freshState(pagePlan));
    if (moveFocus === true) {
      $("step-title").focus();
    }
  }

  function offerResume(draft) {
    var started = new Date(draft.started_at);
    var when = clockTime(started);
    if (started.toDateString() !== new Date().toDateString()) {
      when = started.toLocaleDateString([], { weekday: "short", day: "numeric", month: "short" }) + ", " + when;
    }
    var draftSteps = buildSteps(draft.plan);
    var at = draftSteps[Math.min(draft.state.step, draftSteps.length - 1)];
    $("resume-title").textContent = "Resume your " + draft.plan.kind + " session from " + when + "?";
    $("resume-detail").textContent =
      at.index !== undefined
        ? "You were at exercise " +
          (at.index + 1) +
          " of " +
          draft.plan.items.length +
          ": " +
          draft.plan.items[at.index].name +
          "."
        : at.type === "end"
          ? "You had done every exercise; only the last questions were left."
          : "You had not started the first exercise yet.";
    $("resume").hidden = false;
    $("resume-title").focus();
    $("resume-yes").onclick = function () {
      unlockAudio();
      begin(draft.plan, draft.state);
      $("step-title").focus();
      announce(describeStep(steps[state.step]));
    };
    $("resume-no").onclick = function () {
      fetch(DRAFT_URL, {
        method: "DELETE",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrfToken },
      }).finally(function () {
        startFresh(true);
      });
    };
  }

  function flushOnLeave() {
    // A closing tab may cancel a normal request; keepalive lets the last state reach the server.
    if (state && (dirty || saving) && state.step > 0) {
      putDraft(true).catch(function () {});
    }
  }

  function wake() {
    if (document.visibilityState === "visible") {
      keepScreenOn();
      tick(); // the time left is computed afresh, however long the screen slept
    }
  }

  $("back").addEventListener("click", back);
  $("skip").addEventListener("click", skipExercise);
  $("sound").addEventListener("click", function () {
    // The name stays the same; aria-pressed tells a screen reader whether it is on, the words tell the eye.
    soundOn = !soundOn;
    this.setAttribute("aria-pressed", soundOn ? "true" : "false");
    $("sound-state").textContent = soundOn ? "on" : "off";
    if (soundOn) {
      unlockAudio();
    }
  });
  document.addEventListener("visibilitychange", wake);
  window.addEventListener("pageshow", wake);
  window.addEventListener("pagehide", flushOnLeave);

  $("plain-session").hidden = true;
  root.hidden = false;
  fetch(DRAFT_URL, { credentials: "same-origin" })
    .then(function (response) {
      if (response.status === 200) {
        return response.json();
      }
      return null;
    })
    .catch(function () {
      return null;
    })
    .then(function (draft) {
      if (draft) {
        offerResume(draft);
      } else {
        startFresh();
      }
    });
})();
