import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';
import { MONTHS, money, number } from './format.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

/**
 * Programado vs alcanzado (quantities, bars, left axis) and ejercido (pesos, line, right axis) per month.
 * Returns the chart so the page can destroy it before it draws the next one.
 */
export function monthlyChart(canvas, monthly) {
  const byMonth = [...monthly].sort((a, b) => a.month - b.month);
  return new Chart(canvas, {
    data: {
      labels: MONTHS,
      datasets: [
        { type: 'bar', label: 'Programado', data: byMonth.map((m) => m.programmed), backgroundColor: '#9db4d6', yAxisID: 'quantity' },
        { type: 'bar', label: 'Alcanzado', data: byMonth.map((m) => m.achieved), backgroundColor: '#2f6b3a', yAxisID: 'quantity' },
        {
          type: 'line', label: 'Ejercido ($)', data: byMonth.map((m) => m.spent), borderColor: '#b5651d',
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
}
