// Scrolling inside one container only. `Element.scrollIntoView` also scrolls every scrollable ancestor (up to the
// window), which would push the header and call bar out of sight.

/** Scrolls `container` so that `target` starts `margin` pixels below its top edge. */
export function scrollToTop(container: HTMLElement, target: HTMLElement, margin = 8): void {
  const offset = target.getBoundingClientRect().top - container.getBoundingClientRect().top;
  container.scrollTop += offset - margin;
}

/** Scrolls `container` the least amount needed to show `target` completely (like block: "nearest"). */
export function scrollIntoViewWithin(container: HTMLElement, target: HTMLElement): void {
  const box = container.getBoundingClientRect();
  const item = target.getBoundingClientRect();
  if (item.top < box.top) container.scrollTop -= box.top - item.top;
  else if (item.bottom > box.bottom) container.scrollTop += item.bottom - box.bottom;
}

/** Whether `target` is entirely inside the visible part of `container`. */
export function fullyVisible(container: HTMLElement, target: HTMLElement): boolean {
  const box = container.getBoundingClientRect();
  const item = target.getBoundingClientRect();
  return item.top >= box.top && item.bottom <= box.bottom;
}
