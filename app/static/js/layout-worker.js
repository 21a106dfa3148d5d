/* A force-directed layout (Fruchterman and Reingold) computed off the page's thread.
   In: {count, edges: [[i, j, weight]], width, height, iterations, seed}. Out: {positions: [[x, y], ...]}.
   Nodes start on a spiral (the same input always gives the same picture); heavier edges pull harder; the
   result is scaled into the drawing. */
"use strict";

self.onmessage = function (event) {
  const input = event.data;
  const n = input.count;
  const width = input.width;
  const height = input.height;
  const area = width * height;
  const k = Math.sqrt(area / Math.max(n, 1)) * 0.8;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const angle = i * 2.399963; // the golden angle
    const radius = (Math.sqrt(i + 0.5) / Math.sqrt(n)) * Math.min(width, height) * 0.45;
    x[i] = width / 2 + radius * Math.cos(angle);
    y[i] = height / 2 + radius * Math.sin(angle);
  }
  const heaviest = input.edges.reduce(function (most, edge) {
    return Math.max(most, edge[2] || 1);
  }, 1);
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  let temperature = Math.min(width, height) / 8;
  const cooling = temperature / (input.iterations + 1);
  for (let step = 0; step < input.iterations; step++) {
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ox = x[i] - x[j];
        let oy = y[i] - y[j];
        let distance = Math.sqrt(ox * ox + oy * oy) || 0.01;
        const push = (k * k) / distance;
        ox /= distance;
        oy /= distance;
        dx[i] += ox * push;
        dy[i] += oy * push;
        dx[j] -= ox * push;
        dy[j] -= oy * push;
      }
    }
    input.edges.forEach(function (edge) {
      const i = edge[0];
      const j = edge[1];
      const ox = x[i] - x[j];
      const oy = y[i] - y[j];
      const distance = Math.sqrt(ox * ox + oy * oy) || 0.01;
      const pull = ((distance * distance) / k) * (0.5 + (edge[2] || 1) / heaviest / 2);
      dx[i] -= (ox / distance) * pull;
      dy[i] -= (oy / distance) * pull;
      dx[j] += (ox / distance) * pull;
      dy[j] += (oy / distance) * pull;
    });
    for (let i = 0; i < n; i++) {
      // gravity keeps separate components on the page
      dx[i] += ((width / 2 - x[i]) * 0.06 * k) / 10;
      dy[i] += ((height / 2 - y[i]) * 0.06 * k) / 10;
      const length = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 0.01;
      const moved = Math.min(length, temperature);
      x[i] += (dx[i] / length) * moved;
      y[i] += (dy[i] / length) * moved;
    }
    temperature = Math.max(temperature - cooling, 0.5);
  }
  // the picture scaled (both ways alike) into the drawing, a margin around it
  const margin = 24;
  let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
  for (let i = 0; i < n; i++) {
    left = Math.min(left, x[i]);
    right = Math.max(right, x[i]);
    top = Math.min(top, y[i]);
    bottom = Math.max(bottom, y[i]);
  }
  const scale = Math.min((width - 2 * margin) / (right - left || 1), (height - 2 * margin) / (bottom - top || 1));
  const offsetX = (width - (right - left) * scale) / 2;
  const offsetY = (height - (bottom - top) * scale) / 2;
  const positions = [];
  for (let i = 0; i < n; i++) {
    const px = offsetX + (x[i] - left) * scale;
    const py = offsetY + (y[i] - top) * scale;
    positions.push([Math.round(px * 10) / 10, Math.round(py * 10) / 10]);
  }
  self.postMessage({ positions: positions });
};
