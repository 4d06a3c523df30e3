/* The session kept on the server as it goes (api/player.py: /api/session/draft and /api/session/finish).
 *
 * Saves never overlap: a change while one is on its way is sent when it is back, always the latest state.
 * A failed save is named and tried again at the next step; offline, the session goes on, held by the page.
 * Finishing sends the whole state with a key made once: with no network, it waits in the phone's outbox.
 */

import { keep } from "../outbox.js";
import { clockTime } from "./words.js";

const DRAFT_URL = "/api/session/draft";
const FINISH_URL = "/api/session/finish";
const KEPT_OFFLINE = "Saved on this phone — waiting to sync. It's sent to your account when you're back online.";

/** Whether a failed fetch was the network (the browser's TypeError), not the server's answer. */
function offline(error) {
  return error instanceof TypeError || !navigator.onLine;
}

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
    this.startedAt = null; // when the runner began, by this phone: a session sent later keeps its day
    this.clientKey = null; // made once, at the first "Finish", and sent with every try
    this.flushOnLeave = this.flushOnLeave.bind(this); // a pagehide listener, removed again when finished
  }

  /** Send the state now, or after the save on its way; a promise of whether it reached the server. */
  save() {
    if (!this.startedAt && this.currentState()) {
      this.startedAt = new Date().toISOString();
    }
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

  /**
   * Save the whole session; a promise of the page to go to next, or of null when there is no network and
   * the session waits on this phone (the outbox sends it later, with the same key).
   */
  async finish() {
    this.clientKey = this.clientKey || crypto.randomUUID();
    const body = { state: this.currentState(), started_at: this.startedAt, finished_at: new Date().toISOString() };
    let response;
    try {
      response = await fetch(FINISH_URL, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRF-Token": this.csrfToken,
          "Idempotency-Key": this.clientKey,
        },
        body: JSON.stringify({ ...body, sent_at: new Date().toISOString() }),
      });
    } catch (error) {
      if (!offline(error)) {
        throw error;
      }
      await keep({ kind: "session", url: FINISH_URL, body, key: this.clientKey, csrfToken: this.csrfToken });
      this.showSaved(KEPT_OFFLINE);
      return null;
    }
    if (response.status !== 201 && response.status !== 200) {
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
        this.showSaved(
          offline(error)
            ? "Offline: your session goes on and is kept on this phone until you finish."
            : `Not saved yet (${error.message}); it tries again at the next step.`,
        );
        this.saving = null;
        return false;
      });
  }
}
