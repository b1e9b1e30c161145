// Chart.js with only the parts the dashboard draws (bar, doughnut, line; category and linear scales; tooltip and
// legend). Loaded on demand by ChartCanvas, so the agent desk never loads the charting library.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(
  BarController,
  BarElement,
  DoughnutController,
  ArcElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);

// The window's own system font stack; Chart.js never loads fonts, it only names them for the canvas.
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Cantarell, "Noto Sans", "DejaVu Sans", sans-serif';
Chart.defaults.font.size = 12;
Chart.defaults.color = "#4a5360";

export { Chart };
