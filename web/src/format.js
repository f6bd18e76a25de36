// Spanish (Mexico) formatting: $7,458,446.61, 4,400, 87.5 %, ENE..DIC.

export const MONTHS = ['ENE', 'FEB', 'MAR', 'ABR', 'MAY', 'JUN', 'JUL', 'AGO', 'SEP', 'OCT', 'NOV', 'DIC'];

const moneyFormat = new Intl.NumberFormat('es-MX', {
  style: 'currency', currency: 'MXN', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2,
});
const numberFormat = new Intl.NumberFormat('es-MX', { maximumFractionDigits: 2 });
const dateFormat = new Intl.DateTimeFormat('es-MX', { dateStyle: 'medium', timeStyle: 'short' });

export const money = (value) => moneyFormat.format(Number(value ?? 0));
export const number = (value) => numberFormat.format(Number(value ?? 0));
export const percent = (ratio) => (ratio === null || ratio === undefined ? '—' : `${numberFormat.format(Number(ratio) * 100)} %`);
export const date = (iso) => dateFormat.format(new Date(iso));
export const monthName = (month) => MONTHS[month - 1] ?? String(month);

const LIGHTS = { GREEN: 'Verde', YELLOW: 'Amarillo', RED: 'Rojo', NONE: 'Sin programación' };

/** The semáforo as a coloured dot with its name. */
export function light(value, testid = '') {
  const name = LIGHTS[value] ?? value;
  return `<span class="light light-${String(value).toLowerCase()}" data-light="${value}"${testid ? ` data-testid="${testid}"` : ''}>` +
    `<span class="dot" aria-hidden="true"></span>${name}</span>`;
}

export function escape(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** A figure with its raw value beside the formatted text, so tests can compare it with the API. */
export function figure(testid, text, value) {
  return `<span data-testid="${testid}" data-value="${escape(value)}">${escape(text)}</span>`;
}
