/* The session kept on the server as it goes (routes/player.py: /api/session/draft and /api/session/finish).
 *
 * Saves never overlap: a change while one is on its way is sent when it is back, always the latest state.
 * A failed save is named and tried again at the next step.
 */

import { clockTime } from "./words.js";

const DRAFT_URL = "/api/session/draft";
const FINISH_URL = "/api/session/finish";

/** What went wrong, from the server's answer: its detail, or each field of a request it could not read. */
function errorDetail(response) {
  return response
    .json()
    .then((body) => {
      const detail = body && body.detail;
      if (Array.isArray(detail)) {
        // a request the server could not read (422): name the fields, as the server does
        return detail.map((problem) => `${(problem.loc || []).slice(1).join(".")}: ${problem.msg}`).join("; ");
      }
      return detail ? String(detail) : `the server answered ${response.status}`;
    })
    .catch(() => `the server answered ${response.status}`);
}

async function refused(response) {
  throw new Error(await errorDetail(response));
}

/** The session under way on the server ({ state, started_at, plan }), or null when there is none. */
export function loadDraft() {
  return fetch(DRAFT_URL, { credentials: "same-origin" })
    .then((response) => (response.status === 200 ? response.json() : null))
    .catch(() => null);
}

export function discardDraft(csrfToken) {
  return fetch(DRAFT_URL, { method: "DELETE", credentials: "same-origin", headers: { "X-CSRF-Token": csrfToken } });
}

/**
 * The draft of this page's session. `currentState()` gives the state to send (null before the session is
 * shown); `showSaved(text)` tells the runner how saving goes.
 */
export class DraftSaver {
  constructor({ csrfToken, currentState, showSaved }) {
    this.csrfToken = csrfToken;
    this.currentState = currentState;
    this.showSaved = showSaved;
    this.saving = null; // the save on its way: a promise of whether everything reached the server
    this.dirty = false;
    this.lastSaveFailed = false;
    this.flushOnLeave = this.flushOnLeave.bind(this); // a pagehide listener, removed again when finished
  }

  /** Send the state now, or after the save on its way; a promise of whether it reached the server. */
  save() {
    this.dirty = true;
    if (!this.saving) {
      this.saving = this.flush();
    }
    return this.saving;
  }

  /** A closing tab may cancel a normal request; keepalive lets the last state reach the server. */
  flushOnLeave() {
    const state = this.currentState();
    if (state && (this.dirty || this.saving) && state.step > 0) {
      this.put(true).catch(() => {});
    }
  }

  /** Save the last answers, then the draft as a session; a promise of the page to go to next. */
  async finish() {
    if ((await this.save()) === false) {
      throw new Error("your answers could not be sent to the server");
    }
    const response = await fetch(FINISH_URL, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": this.csrfToken },
    });
    if (response.status !== 201) {
      return refused(response);
    }
    return (await response.json()).next;
  }

  put(keepalive) {
    return fetch(DRAFT_URL, {
      method: "PUT",
      credentials: "same-origin",
      keepalive,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": this.csrfToken },
      body: JSON.stringify(this.currentState()),
    });
  }

  flush() {
    if (!this.dirty || !this.currentState()) {
      this.saving = null;
      return Promise.resolve(!this.lastSaveFailed);
    }
    this.dirty = false;
    this.showSaved("Saving…");
    return this.put(false)
      .then((response) => {
        if (!response.ok) {
          return refused(response);
        }
        this.lastSaveFailed = false;
        this.showSaved(`Saved at ${clockTime(new Date())}`);
        return this.flush(); // whatever changed while this one was on its way
      })
      .catch((error) => {
        this.lastSaveFailed = true;
        this.dirty = true;
        this.showSaved(`Not saved yet (${error.message}); it tries again at the next step.`);
        this.saving = null;
        return false;
      });
  }
}
