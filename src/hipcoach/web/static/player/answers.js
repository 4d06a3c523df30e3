/* What the runner typed, read against the bounds the server puts in the page (routes/player.py PlayerLimits).
 *
 * Pure: text in, { ok, value } out. The server checks every value again when the session is saved; these
 * checks only name a typo at once, with the same bounds.
 */

/** A whole number on the 0-10 scale; an empty answer is not one. */
export function readScore(text, limits) {
  const trimmed = text.trim();
  const value = Number(trimmed);
  const ok = trimmed !== "" && Number.isInteger(value) && value >= limits.scale_min && value <= limits.scale_max;
  return ok ? { ok, value } : { ok };
}

/** The reps (or circles) of a set: a whole number up to the most a set can record, or empty (null). */
export function readCount(text, limits) {
  const trimmed = text.trim();
  if (trimmed === "") {
    return { ok: true, value: null };
  }
  const value = Number(trimmed);
  const ok = Number.isInteger(value) && value >= 0 && value <= limits.max_reps;
  return ok ? { ok, value } : { ok };
}

/** A load in kg, with a decimal comma or point, up to the heaviest the server accepts; empty is bodyweight. */
export function readLoadKg(text, limits) {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") {
    return { ok: true, value: null };
  }
  const value = Number(trimmed);
  const ok = Number.isFinite(value) && value >= 0 && value <= limits.max_load_kg;
  return ok ? { ok, value } : { ok };
}
