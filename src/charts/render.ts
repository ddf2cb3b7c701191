/**
 * Chart.js drawing on @napi-rs/canvas: a chart configuration in, PNG bytes out. Skia ships
 * prebuilt inside the canvas package and the Inter font ships in an npm package, so the same
 * data gives the same image on a bare server: no native build, no system library, no system font.
 */
import { createRequire } from 'node:module';
import type { ChartConfiguration, Plugin } from 'chart.js';

/** The one font every chart is drawn in, registered under this family name. */
export const CHART_FONT = 'Inter';

/**
 * Pixels per CSS pixel. Slack shows an image at the message's width (around 400–700 points on a
 * desktop, less on a phone) and full size when clicked; drawn at 2× the text stays sharp on
 * high-density screens and when enlarged, and the file stays small (about 20–60 kB).
 */
export const PIXEL_RATIO = 2;

/** A chart's size in CSS pixels; the PNG is PIXEL_RATIO times larger. */
export interface ChartSize {
  width: number;
  height: number;
}

export const COLOURS = {
  text: '#1F2937',
  grid: '#E5E7EB',
  goal: '#111827',
  /** Past weeks, and the weeks before the last in the conversion chain. */
  past: '#94A3B8',
  /** This week, and in the team chart a rep at goal: blue against orange reads in every common colour blindness. */
  current: '#2563EB',
  behind: '#EA580C',
  notJudged: '#D1D5DB',
} as const;

type Drawing = { canvas: typeof import('@napi-rs/canvas'); charts: typeof import('chart.js') };
let drawing: Promise<Drawing> | undefined;

/**
 * Loads the canvas and Chart.js and registers the font and Chart.js's parts once, on the first
 * chart drawn: the bot starts without them (they take a few hundred milliseconds to load). The
 * font is resolved inside node_modules, never from the machine's own fonts.
 */
function setUp(): Promise<Drawing> {
  drawing ??= (async () => {
    const [canvas, charts] = await Promise.all([import('@napi-rs/canvas'), import('chart.js')]);
    const require = createRequire(import.meta.url);
    for (const weight of ['400Regular/Inter_400Regular.ttf', '600SemiBold/Inter_600SemiBold.ttf', '700Bold/Inter_700Bold.ttf']) {
      canvas.GlobalFonts.registerFromPath(require.resolve(`@expo-google-fonts/inter/${weight}`), CHART_FONT);
    }
    const { Chart, registerables } = charts;
    Chart.register(...registerables);
    Chart.defaults.font.family = CHART_FONT;
    Chart.defaults.font.size = 13;
    Chart.defaults.color = COLOURS.text;
    return { canvas, charts };
  })().catch((err: unknown) => {
    // Tried again on the next chart, not failed for good.
    drawing = undefined;
    throw err;
  });
  return drawing;
}

/** Paints the whole canvas white before anything else: a transparent PNG shows black in some clients. */
const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#FFFFFF';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Where a bar plugin draws: the canvas, the bars' direction and the value axis's pixel for a value. */
interface BarCanvas {
  ctx: CanvasRenderingContext2D;
  horizontal: boolean;
  pixelOf: (value: number) => number;
}

/**
 * A plugin that draws something at each bar of the first dataset once the bars are drawn:
 * `style` sets the canvas once, `draw` runs per bar with the bar's geometry. The canvas is
 * restored afterwards, so nothing leaks into the rest of the chart.
 */
function perBar(
  id: string,
  style: (ctx: CanvasRenderingContext2D) => void,
  draw: (geometry: Record<string, number>, i: number, on: BarCanvas) => void,
  props: string[],
): Plugin {
  return {
    id,
    afterDatasetsDraw(chart) {
      const horizontal = chart.options.indexAxis === 'y';
      const valueScale = horizontal ? chart.scales.x! : chart.scales.y!;
      const on = { ctx: chart.ctx, horizontal, pixelOf: (v: number) => valueScale.getPixelForValue(v) };
      chart.ctx.save();
      style(chart.ctx);
      chart.getDatasetMeta(0).data.forEach((bar, i) => draw(bar.getProps(props, true) as Record<string, number>, i, on));
      chart.ctx.restore();
    },
  };
}

/**
 * Draws a goal mark across each bar of the first dataset: a line at the goal, as wide as the bar
 * (or as tall, for horizontal bars). `goals[i]` is bar i's goal; null draws none.
 */
export function goalMarks(goals: ReadonlyArray<number | null>): Plugin {
  return perBar(
    'goalMarks',
    (ctx) => {
      ctx.strokeStyle = COLOURS.goal;
      ctx.lineWidth = 3;
    },
    ({ x, y, width, height }, i, { ctx, horizontal, pixelOf }) => {
      const goal = goals[i];
      if (goal === null || goal === undefined) return;
      const at = pixelOf(goal);
      // A bar of zero points still has its full thickness on the index axis.
      const half = ((horizontal ? height! : width!) / 2) * 1.15;
      ctx.beginPath();
      if (horizontal) {
        ctx.moveTo(at, y! - half);
        ctx.lineTo(at, y! + half);
      } else {
        ctx.moveTo(x! - half, at);
        ctx.lineTo(x! + half, at);
      }
      ctx.stroke();
    },
    ['x', 'y', 'width', 'height'],
  );
}

/**
 * Draws one chart to a PNG: no animation, not responsive (there is no window to follow), at
 * PIXEL_RATIO, on white. Drawing runs here; the PNG is encoded on libuv's thread pool, because
 * encoding a tall team chart takes longer than drawing it and would hold up every Slack request
 * meanwhile (bench/charts.ts). The chart is destroyed afterwards so nothing is held between calls.
 */
export async function renderPng(config: ChartConfiguration, size: ChartSize): Promise<Buffer> {
  const { canvas: skia, charts } = await setUp();
  const canvas = skia.createCanvas(size.width, size.height);
  const chart = new charts.Chart(
    canvas as unknown as HTMLCanvasElement,
    {
      ...config,
      // A margin so a goal mark across the last bar and the labels at the edges are not cut off.
      options: {
        layout: { padding: { top: 6, right: 20, bottom: 6, left: 10 } },
        ...config.options,
        animation: false,
        responsive: false,
        devicePixelRatio: PIXEL_RATIO,
      },
      plugins: [whiteBackground, ...(config.plugins ?? [])],
    } as ChartConfiguration,
  );
  try {
    return await canvas.encode('png');
  } finally {
    // Destroying clears the canvas: only once the PNG is written.
    chart.destroy();
  }
}

/**
 * Writes `texts[i]` just past the end of bar i of the first dataset (above it, or to its right for
 * horizontal bars), beyond the bar's goal mark when that reaches further.
 */
export function barLabels(texts: readonly string[], goals: ReadonlyArray<number | null> = []): Plugin {
  return perBar(
    'barLabels',
    (ctx) => {
      ctx.fillStyle = COLOURS.text;
      ctx.font = `500 11px ${CHART_FONT}`;
    },
    ({ x, y, base }, i, { ctx, horizontal, pixelOf }) => {
      const text = texts[i];
      if (!text) return;
      const goal = goals[i];
      const goalAt = goal === null || goal === undefined ? undefined : pixelOf(goal);
      if (horizontal) {
        const end = Math.max(x!, base!, goalAt ?? -Infinity);
        ctx.textAlign = 'left';
        ctx.textBaseline = 'middle';
        ctx.fillText(text, end + 6, y!);
      } else {
        const top = Math.min(y!, base!, goalAt ?? Infinity);
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.fillText(text, x!, top - 5);
      }
    },
    ['x', 'y', 'base'],
  );
}
