/* What the runner finished while offline, kept on this phone until the server has it: a session or a
 * check-in, each with the key made once when the runner finished it (the server saves a key only once).
 *
 * Sent on every page load, when the network comes back (the `online` event), and by the service worker's
 * background sync where the browser has one. Loaded by every page (base.html), by the player, and by the
 * service worker itself, so it touches the page only when there is one.
 */

export const SYNC_TAG = "hipcoach-outbox";
const DB_NAME = "hipcoach";
const STORE = "outbox";
const KEY_HEADER = "Idempotency-Key";
const WARMED_AT = "hipcoach-offline-warmed-at";
const WARM_EVERY_MS = 5 * 60 * 1000; // the runner's offline pages are fetched again at most this often
const KIND_WORDS = { session: "your session", checkin: "your check-in" };

function openDb() {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DB_NAME, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: "key" });
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
}

function withStore(mode, use) {
  return openDb().then(
    (db) =>
      new Promise((resolve, reject) => {
        const done = db.transaction(STORE, mode);
        const request = use(done.objectStore(STORE));
        done.oncomplete = () => resolve(request.result);
        done.onerror = () => reject(done.error);
      }),
  );
}

/** Everything waiting, oldest first. */
export function waiting() {
  return withStore("readonly", (store) => store.getAll()).then((entries) =>
    entries.sort((a, b) => a.kept_at - b.kept_at),
  );
}

function forget(key) {
  return withStore("readwrite", (store) => store.delete(key));
}

/**
 * Who is signed in on this page: the account's tag (base.html's hipcoach-account, never the account itself)
 * and the page's CSRF token; null with no page (the service worker) or no one signed in.
 */
function pageAccount() {
  if (typeof document === "undefined") {
    return null;
  }
  const owner = document.querySelector('meta[name="hipcoach-account"]');
  // Every signed-in page has the sign-out form, with the page's token.
  const token = document.querySelector('form[action="/logout"] input[name="csrf_token"]');
  return owner && token ? { owner: owner.content, token: token.value } : null;
}

/** What waits for the account signed in on this page (all of it, with no page to ask). */
function ownedBy(entries, account) {
  return account ? entries.filter((entry) => !entry.owner || entry.owner === account.owner) : entries;
}

/**
 * Keep a record to send: `kind` ("session" or "checkin"), the `url` to POST its JSON `body` to, its `key`
 * (made once when the runner finished) and the CSRF token of the page it was made on. It belongs to the
 * account signed in on that page.
 */
export async function keep({ kind, url, body, key, csrfToken }) {
  const owner = pageAccount()?.owner ?? null;
  await withStore("readwrite", (store) =>
    store.put({ kind, url, body, key, csrfToken, owner, kept_at: Date.now() }),
  );
  if (typeof navigator !== "undefined" && navigator.serviceWorker && navigator.serviceWorker.controller) {
    navigator.serviceWorker.ready
      .then((registration) => registration.sync && registration.sync.register(SYNC_TAG))
      .catch(() => {});
  }
  showStatus();
}

function detailOf(response) {
  return response
    .json()
    .then((answer) => {
      const detail = answer && answer.detail;
      return Array.isArray(detail) ? detail.map((problem) => problem.msg).join("; ") : String(detail);
    })
    .catch(() => `the server answered ${response.status}`);
}

async function sendOne(entry, account) {
  // Sent only for its own account: from one of its pages with that page's token (a new sign-in's token works
  // where the old one no longer does); from the service worker with the token it was made with, which is
  // refused (403) once that sign-in has ended. Never saved to another runner's account.
  const token = account ? account.token : entry.csrfToken;
  const response = await fetch(entry.url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": token, [KEY_HEADER]: entry.key },
    // A session says when the phone sent it, so the server can correct for a phone clock that is off.
    body: JSON.stringify(entry.kind === "session" ? { ...entry.body, sent_at: new Date().toISOString() } : entry.body),
  });
  if (response.ok) {
    await forget(entry.key);
    return { sent: entry.kind };
  }
  // Signed out or a token gone stale: this one waits for its runner's next page; the others may still go.
  if ([401, 403].includes(response.status)) {
    return { skipped: true };
  }
  // No program yet, or the server busy: everything waits for a later try.
  if (response.status === 409 || response.status === 429 || response.status >= 500) {
    return { stuck: true };
  }
  const detail = await detailOf(response); // the server will never take it as it is: say why, drop it
  await forget(entry.key);
  return { refused: entry.kind, detail };
}

/**
 * Send what waits for the account signed in on this page (everything, from the service worker), oldest
 * first, one at a time; a list of what happened to each that was sent or refused.
 */
export async function flush() {
  const account = pageAccount();
  const run = async () => {
    const outcomes = [];
    for (const entry of ownedBy(await waiting(), account)) {
      let outcome;
      try {
        outcome = await sendOne(entry, account);
      } catch (offline) {
        break; // still no network: the rest waits too
      }
      if (outcome.stuck) {
        break;
      }
      if (!outcome.skipped) {
        outcomes.push(outcome);
      }
    }
    return outcomes;
  };
  // One sender at a time across the tabs and the service worker; the key guards the rest.
  return typeof navigator !== "undefined" && navigator.locks ? navigator.locks.request(SYNC_TAG, run) : run();
}

/* ---- the page ---- */

function statusBox() {
  let box = document.getElementById("outbox-status");
  if (!box) {
    const main = document.getElementById("main");
    if (!main) {
      return null;
    }
    box = document.createElement("div");
    box.id = "outbox-status";
    box.className = "notice";
    box.setAttribute("role", "status");
    box.hidden = true;
    main.prepend(box);
  }
  return box;
}

function listed(kinds) {
  const words = [...new Set(kinds)].map((kind) => KIND_WORDS[kind] || "a record");
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}` : words[0];
}

let lastOutcomes = []; // what the last send that sent anything did, by this page or the service worker

/** Say what waits on this phone, and what was last sent or refused. */
export async function showStatus(outcomes = []) {
  if (outcomes.length) {
    lastOutcomes = outcomes;
  }
  const box = statusBox();
  if (!box) {
    return;
  }
  const lines = [];
  const pending = ownedBy(await waiting().catch(() => []), pageAccount());
  if (pending.length) {
    lines.push(
      `Saved on this phone — waiting to sync: ${listed(pending.map((e) => e.kind))}. ` +
        "It's sent to your account as soon as you're back online.",
    );
  }
  const sent = lastOutcomes.filter((o) => o.sent).map((o) => o.sent);
  if (sent.length) {
    lines.push(`Synced: ${listed(sent)} ${sent.length > 1 ? "are" : "is"} now saved to your account.`);
  }
  for (const refused of lastOutcomes.filter((o) => o.refused)) {
    lines.push(`${listed([refused.refused])} could not be saved: ${refused.detail}.`.replace(/^./, (c) => c.toUpperCase()));
  }
  box.replaceChildren(
    ...lines.map((line) => {
      const paragraph = document.createElement("p");
      paragraph.textContent = line;
      return paragraph;
    }),
  );
  box.hidden = lines.length === 0;
  box.dataset.waiting = String(pending.length);
}

async function sendAndShow() {
  if (!navigator.onLine) {
    return showStatus();
  }
  const outcomes = await flush().catch(() => []);
  return showStatus(outcomes);
}

/** When this page's runner last had their pages kept: per account, as a phone may change hands. */
function warmedKey() {
  return `${WARMED_AT}:${pageAccount()?.owner ?? "nobody"}`;
}

/** Ask the service worker to keep the runner's pages for offline, at most every few minutes. */
function warmSoon(registration) {
  const last = Number(localStorage.getItem(warmedKey()) || 0);
  if (!navigator.onLine || Date.now() - last < WARM_EVERY_MS) {
    document.documentElement.dataset.offlineReady = "yes";
    return;
  }
  registration.active.postMessage("warm");
}

function startServiceWorker() {
  if (!("serviceWorker" in navigator)) {
    return;
  }
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "warmed") {
      if (event.data.kept) {
        localStorage.setItem(warmedKey(), String(Date.now()));
      }
      document.documentElement.dataset.offlineReady = "yes";
    } else if (event.data && event.data.type === "outbox") {
      showStatus(event.data.outcomes || []);
    }
  });
  navigator.serviceWorker
    .register("/sw.js", { scope: "/", type: "module" })
    .then(() => navigator.serviceWorker.ready)
    .then(warmSoon)
    .catch(() => {}); // without a worker the pages still work online
}

/** The check-in form, offline: kept on the phone instead of a page the browser cannot reach. */
function keepCheckinsOffline() {
  const form = document.querySelector('form[data-outbox="checkin"]');
  if (!form) {
    return;
  }
  form.addEventListener("submit", (event) => {
    if (navigator.onLine) {
      return; // the form posts as it always has
    }
    event.preventDefault();
    const data = new FormData(form);
    const number = (name) => (data.get(name) ? Number(data.get(name)) : null);
    const red_flags = {};
    for (const [name, value] of data.entries()) {
      if (name.startsWith("flag.")) {
        red_flags[name.slice("flag.".length)] = value === "yes";
      }
    }
    const today = new Date();
    const body = {
      pain: number("pain"),
      tightness: number("tightness"),
      pain_after_session: number("pain_after"),
      red_flags,
      checked_on: `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`,
    };
    const button = form.querySelector('button[type="submit"]');
    if (button) {
      button.disabled = true;
    }
    keep({ kind: "checkin", url: "/api/checkins", body, key: crypto.randomUUID(), csrfToken: data.get("csrf_token") })
      .then(() => statusBox().focus && window.scrollTo(0, 0));
  });
}

if (typeof document !== "undefined") {
  startServiceWorker();
  keepCheckinsOffline();
  window.addEventListener("online", sendAndShow);
  document.addEventListener("submit", async (event) => {
    if (!(event.target instanceof HTMLFormElement) || event.target.getAttribute("action") !== "/logout") {
      return;
    }
    const form = event.target;
    if (form.dataset.confirmed !== "yes") {
      event.preventDefault(); // first see whether anything of this runner's still waits on this phone
      const pending = ownedBy(await waiting().catch(() => []), pageAccount());
      const leave =
        pending.length === 0 ||
        window.confirm(
          `${listed(pending.map((e) => e.kind)).replace(/^./, (c) => c.toUpperCase())} ` +
            `${pending.length > 1 ? "are" : "is"} saved on this phone but not synced yet. It stays here and is ` +
            "sent when you sign in again on this phone. Sign out anyway?",
        );
      if (leave) {
        form.dataset.confirmed = "yes";
        form.requestSubmit();
      }
      return;
    }
    localStorage.removeItem(warmedKey()); // signing in again keeps this runner's pages afresh
  });
  sendAndShow();
}
