// Generates the Teams icons: color.png (192×192, full colour) and outline.png (32×32, white on transparent).
const fs = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');

function draw(size, pixel) {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x / size, y / size);
      const i = (y * size + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  }
  return PNG.sync.write(png);
}

/** Three rising steps: the stages of an escalation. u, v in [0, 1). */
function onSteps(u, v) {
  const steps = [
    [0.18, 0.38, 0.62],
    [0.4, 0.6, 0.44],
    [0.62, 0.82, 0.26],
  ];
  return steps.some(([x0, x1, top]) => u >= x0 && u < x1 && v >= top && v < 0.8);
}

const dir = __dirname;
fs.writeFileSync(
  path.join(dir, 'color.png'),
  draw(192, (u, v) => (onSteps(u, v) ? [255, 255, 255, 255] : [15, 94, 99, 255])),
);
fs.writeFileSync(
  path.join(dir, 'outline.png'),
  draw(32, (u, v) => (onSteps(u, v) ? [255, 255, 255, 255] : [0, 0, 0, 0])),
);
console.log('wrote color.png and outline.png');
