// The calendar heatmap's layout, kept free of the DOM so it can be tested: one column per week,
// rows Sunday (0) to Saturday (6), the last column holding today's week.

export interface HeatmapCell {
  /** Local midnight of the day. */
  date: Date;
  /** Week column, 0 = oldest. */
  col: number;
  /** Weekday row: 0 = Sunday … 6 = Saturday (Date#getDay), matching the Mon/Wed/Fri labels on rows 1/3/5. */
  row: number;
}

/** The days from the Sunday `weeks` weeks before today's week up to today, placed week by week. */
export function heatmapCells(today: Date, weeks: number): HeatmapCell[] {
  // Start on a Sunday so that the i-th day is in column i / 7 and row i % 7 (its weekday).
  const y = today.getFullYear();
  const m = today.getMonth();
  const first = today.getDate() - today.getDay() - weeks * 7;
  const cells: HeatmapCell[] = [];
  for (let i = 0; i <= weeks * 7 + today.getDay(); i++) {
    // Built from calendar fields, not by adding milliseconds, so daylight-saving days stay days.
    cells.push({ date: new Date(y, m, first + i), col: Math.floor(i / 7), row: i % 7 });
  }
  return cells;
}
