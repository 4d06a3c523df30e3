/* The phone around the player: beeps, vibration and keeping the screen on. Each one may be refused by the
 * browser (no sound before a tap, battery saver, permissions); the countdown on screen keeps time anyway.
 */

let soundOn = true;
let audio = null;
let wakeLock = null;

export function isSoundOn() {
  return soundOn;
}

export function setSound(on) {
  soundOn = on;
  if (on) {
    unlockAudio();
  }
}

/** Browsers only allow sound after a tap: called on every button press, the first one creates the audio. */
export function unlockAudio() {
  if (audio || !soundOn) {
    return;
  }
  const Context = window.AudioContext || window.webkitAudioContext;
  if (Context) {
    try {
      audio = new Context();
    } catch (error) {
      audio = null;
    }
  }
}

/** One beep (and buzz) when the next rep's hold begins, two when a countdown ends. */
export function beep(times) {
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
    for (let i = 0; i < times; i++) {
      tone(audio.currentTime + i * 0.3);
    }
  } catch (error) {
    /* no sound here: the countdown is still on screen */
  }
}

function tone(start) {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = 880;
  gain.gain.setValueAtTime(0.25, start);
  gain.gain.exponentialRampToValueAtTime(0.001, start + 0.2);
  oscillator.connect(gain);
  gain.connect(audio.destination);
  oscillator.start(start);
  oscillator.stop(start + 0.22);
}

export function keepScreenOn() {
  if (!("wakeLock" in navigator) || wakeLock || document.visibilityState !== "visible") {
    return;
  }
  navigator.wakeLock.request("screen").then(
    (lock) => {
      wakeLock = lock;
      lock.addEventListener("release", () => {
        wakeLock = null;
      });
    },
    () => {
      /* refused (battery saver, permissions): the countdown keeps time anyway */
    }
  );
}

export function letScreenSleep() {
  if (wakeLock) {
    wakeLock.release();
    wakeLock = null;
  }
}
