/* The exercise's moving stick figure: fetched once per exercise and side, shown as inline SVG.
 *
 * Inline rather than an <img>: the picture's own title and description reach screen readers, and its
 * reduced-motion style (the key poses side by side instead of moving) follows the page's setting.
 */

import { byId } from "./dom.js";

const figures = new Map(); // figure URL -> a promise of the parsed <svg>, or of null when it could not be had

function parseSvg(text) {
  if (!text) {
    return null;
  }
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = doc.documentElement;
  const broken = doc.getElementsByTagName("parsererror").length > 0;
  return !broken && svg.localName === "svg" ? svg : null;
}

function loadFigure(url) {
  if (!figures.has(url)) {
    const loading = fetch(url, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : null))
      .then(parseSvg)
      .catch(() => null);
    figures.set(url, loading);
  }
  return figures.get(url).then((svg) => (svg ? document.importNode(svg, true) : null));
}

/** Show the figure of `item` working `side` (nothing for no item, or an exercise without a figure). */
export function showFigure(item, side) {
  const box = byId("figure");
  let url = item ? item.figure_url : null;
  if (url && (side === "left" || side === "right")) {
    url += `${url.indexOf("?") < 0 ? "?" : "&"}side=${side}`;
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
  loadFigure(url).then((svg) => {
    if (svg && box.getAttribute("data-url") === url) {
      box.textContent = "";
      box.appendChild(svg);
      box.hidden = false;
    }
  });
}
