import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';
import { MONTHS, money, number } from './format.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

/**
 * Programado vs alcanzado (quantities, bars, left axis) and ejercido (pesos, line, right axis) per month; the approved
 * targets as a dashed line when they differ from the modified ones.
 * Returns the chart so the page can destroy it before it draws the next one.
 */
export function monthlyChart(canvas, monthly) {
  const byMonth = [...monthly].sort((a, b) => a.month - b.month);
  // Once modification requests changed the targets, the approved ones (the baseline) are drawn beside them.
  const modified = byMonth.some((m) => m.approved !== undefined && Number(m.approved) !== Number(m.programmed));
  const baseline = modified
    ? [{ type: 'line', label: 'Programado aprobado', data: byMonth.map((m) => m.approved), borderColor: '#5b6775', borderDash: [6, 4],
      backgroundColor: '#5b6775', yAxisID: 'quantity', tension: 0 }]
    : [];
  const chart = new Chart(canvas, {
    data: {
      labels: MONTHS,
      datasets: [
        { type: 'bar', label: modified ? 'Programado modificado' : 'Programado', data: byMonth.map((m) => m.programmed), backgroundColor: '#9db4d6', yAxisID: 'quantity' },
        ...baseline,
        { type: 'bar', label: 'Alcanzado', data: byMonth.map((m) => m.achieved), backgroundColor: '#2f6b3a', yAxisID: 'quantity' },
        {
          type: 'line', label: 'Ejercido ($)', data: byMonth.map((m) => m.exercised), borderColor: '#b5651d',
          backgroundColor: '#b5651d', yAxisID: 'pesos', tension: 0.2,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        quantity: { position: 'left', beginAtZero: true, title: { display: true, text: 'Cantidad' }, ticks: { callback: (v) => number(v) } },
        pesos: {
          position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
          title: { display: true, text: 'Pesos' }, ticks: { callback: (v) => money(v) },
        },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${item.dataset.yAxisID === 'pesos' ? money(item.raw) : number(item.raw)}`,
          },
        },
      },
    },
  });
  // What the chart draws, for readers of the page's markup (and its tests).
  canvas.dataset.series = chart.data.datasets.map((d) => d.label).join('|');
  return chart;
}
