/* What the player says: the counters, labels, hints and announcements, as pure functions of what they describe.
 *
 * The numbers in the hints (the 0-10 scale, the pain thresholds) come from `limits`, the bounds the server puts
 * in the page (routes/player.py PlayerLimits), never typed here.
 */

export function sideText(side) {
  return side === "both" ? "" : ` · ${side} side`;
}

/** "Extra round" for the round after the prescribed ones (on the weaker side), "Round 2" otherwise. */
export function roundName(item, round) {
  return round > item.rounds ? "Extra round" : `Round ${round}`;
}

export function counterText(item, round, side) {
  if (round > item.rounds) {
    return `Extra round${sideText(side)}`;
  }
  return `Round ${round} of ${item.rounds}${sideText(side)}`;
}

/** Seconds as a countdown shows them: "45", or "1:15" from a minute on. */
export function formatSeconds(seconds) {
  if (seconds < 60) {
    return String(seconds);
  }
  const rest = seconds % 60;
  return `${Math.floor(seconds / 60)}:${rest < 10 ? "0" : ""}${rest}`;
}

/** A step in a sentence, for screen readers as the session moves on. */
export function describeStep(plan, step) {
  if (!step) {
    return "";
  }
  if (step.type === "set") {
    const item = plan.items[step.index];
    return `${item.name}. ${counterText(item, step.round, step.side).replace(" · ", ", ")}.`;
  }
  if (step.type === "rest") {
    return "Rest.";
  }
  if (step.type === "effort") {
    return `How did ${plan.items[step.index].name} go?`;
  }
  if (step.type === "end") {
    return "Session done: three last questions.";
  }
  return "Before you start: your pain right now.";
}

/** The label over a running countdown, from state.js timerStatus: "Rep 2 of 5: get ready", then ": hold". */
export function timerLabel(timer, status) {
  if (timer.kind === "rest") {
    return "Rest";
  }
  if (timer.reps === 1) {
    return "Hold";
  }
  return `Rep ${status.rep} of ${timer.reps}: ${status.phase === "gap" ? "get ready" : "hold"}`;
}

/** What is said as a hold of reps moves on: a rep's hold over and the next one's wait, or the next hold. */
export function phaseSaid(timer, status) {
  if (status.phase === "gap") {
    return `Rep ${status.completed} done. Let go. Rep ${status.rep} of ${timer.reps} in ${status.remaining} seconds.`;
  }
  return `Rep ${status.rep} of ${timer.reps}: hold.`;
}

/** The label over a hold not started yet. */
export function holdLabel(reps) {
  return reps > 1 ? "Each rep: hold" : "Hold";
}

/** Said as a hold starts: one hold, or reps each held on their own with the pause between them. */
export function holdStarted(item) {
  const dose = item.dose;
  const reps = dose.reps_per_side || 1;
  if (reps === 1) {
    return `Hold started: ${dose.hold_seconds} seconds.`;
  }
  const pause = item.rep_rest_seconds ? `, with ${item.rep_rest_seconds} seconds to let go between reps` : "";
  return `Hold started: ${reps} reps, each held ${dose.hold_seconds} seconds${pause}.`;
}

function reps(count) {
  return `${count} ${count === 1 ? "rep" : "reps"}`;
}

/**
 * What a set recorded, in words, shown on its screen (after "Stop hold", and when the runner comes back to it).
 * A hold of reps counts the reps whose hold was complete; a stop in the first rep keeps the seconds held.
 */
export function setSaved(done, dose) {
  const wanted = dose.reps_per_side;
  const seconds = done.seconds || 0;
  if (wanted && dose.hold_seconds) {
    const count = done.reps || 0;
    if (count >= wanted) {
      return `Saved: ${reps(count)}, each held ${seconds} s.`;
    }
    if (count > 0) {
      return `Saved: ${count} of ${reps(wanted)}, each held ${seconds} s. A rep counts once its whole hold is done.`;
    }
    const first = seconds > 0 ? ` You held the first rep ${seconds} s of ${dose.hold_seconds}.` : "";
    return `Saved: 0 of ${reps(wanted)}.${first}`;
  }
  if (dose.hold_seconds && !done.reps) {
    return seconds >= dose.hold_seconds
      ? `Saved: held ${seconds} s.`
      : `Saved: held ${seconds} s of ${dose.hold_seconds}.`;
  }
  return `Saved: ${done.reps || 0} done.`;
}

function span(low, high) {
  return low === high ? String(low) : `${low}-${high}`;
}

export function scaleUnit(limits) {
  return `(${span(limits.scale_min, limits.scale_max)})`;
}

/** The pain-during-exercise thresholds in one sentence; `ending` follows "ease off" (" next time"). */
export function painHint(limits, ending) {
  const safe = span(limits.scale_min, limits.pain_safe_max);
  const acceptable = span(limits.pain_safe_max + 1, limits.pain_acceptable_max);
  const tooMuch = limits.pain_acceptable_max;
  return `${safe} is fine, ${acceptable} is acceptable, above ${tooMuch} is too much: ease off${ending}.`;
}

export function rpeHint(limits) {
  return `${limits.scale_min} is rest, ${limits.scale_max} the hardest you can imagine.`;
}

export function scaleError(label, limits) {
  return `Please give ${label} as a whole number from ${limits.scale_min} to ${limits.scale_max}.`;
}

export function loadError(limits) {
  return `Please give the load in kg (0 to ${limits.max_load_kg}), or leave it empty for bodyweight.`;
}

/** Hours and minutes in the browser's own way ("14:05", "2:05 PM"). */
export function clockTime(date) {
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** When a session was started, with its day when that was not `today`. */
export function startedWhen(started, today) {
  const time = clockTime(started);
  if (started.toDateString() === today.toDateString()) {
    return time;
  }
  const day = started.toLocaleDateString([], { weekday: "short", day: "numeric", month: "short" });
  return `${day}, ${time}`;
}

export function resumeTitle(kind, when) {
  return `Resume your ${kind} session from ${when}?`;
}

/** Where the session was, from state.js resumePoint. */
export function resumeDetail(point) {
  if (point.type === "exercise") {
    return `You were at exercise ${point.number} of ${point.count}: ${point.name}.`;
  }
  if (point.type === "end") {
    return "You had done every exercise; only the last questions were left.";
  }
  return "You had not started the first exercise yet.";
}

// ---- "This hurts": what the runner is told, in the server's words (limits.pain_stop) ---------------------

/** Words in a sentence: "sharp, shooting, burning or stinging". */
export function orList(words) {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

function lowerFirst(text) {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** A report said back, as the command line says it: "Noted: 4/10. …", "7/10: … stops here.", or the sharp rule. */
export function hurtSaidBack(hurt, found, limits) {
  const text = limits.pain_stop.verdicts[found];
  if (found === "too-much") {
    return `${hurt.pain}/10: ${text}`;
  }
  return found === "sharp" ? text : `Noted: ${hurt.pain}/10. ${text}`;
}

/** The offer of one choice after a stop; the easier one names its level. */
export function choiceLabel(choice, item, limits) {
  const text = limits.pain_stop.choices[choice];
  if (choice === "easier") {
    const next = item.easier_levels[0];
    return `${text}: level ${next.level}, ${next.level_name}`;
  }
  return text;
}

/** What an exercise's screens keep saying after a report: the report said back, or the stop and the choice. */
export function hurtNote(hurt, found, limits) {
  if (hurt.choice === null) {
    return hurtSaidBack(hurt, found, limits);
  }
  const why = found === "sharp" ? `for ${orList(limits.pain_stop.kinds)} pain` : `at ${hurt.pain}/10`;
  return `Stopped ${why}. You chose: ${lowerFirst(limits.pain_stop.choices[hurt.choice])}.`;
}

/** The hint under a pain question when pain was reported during the exercise (or the session). */
export function reportedHint(worst) {
  return `You reported ${worst}/10 during it; the worst pain is what counts.`;
}
