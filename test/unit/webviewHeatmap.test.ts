// The progress heatmap: one column per week, one row per weekday, each day in its own week's column.
import { describe, expect, it } from 'vitest';
import { heatmapCells } from '../../src/webview/progress/heatmap';

const key = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const day = (s: string) => {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(y, m - 1, d);
};

describe('heatmapCells', () => {
  for (const today of ['2025-06-11', '2025-06-08', '2025-06-14', '2025-03-30', '2025-10-26']) {
    it(`puts every day of a week in one column, Sunday to Saturday top to bottom (today ${today})`, () => {
      const cells = heatmapCells(day(today), 26);
      expect(key(cells.at(-1)!.date)).toBe(today);
      expect(cells[0].date.getDay()).toBe(0);
      expect(cells[0]).toMatchObject({ col: 0, row: 0 });
      // Consecutive days, no gaps or repeats (also across daylight-saving changes).
      for (let i = 1; i < cells.length; i++) {
        const next = new Date(cells[i - 1].date);
        next.setDate(next.getDate() + 1);
        expect(key(cells[i].date)).toBe(key(next));
      }
      for (const c of cells) {
        expect(c.row).toBe(c.date.getDay());
        // The column changes exactly when a new Sunday-first week starts.
        const weekStart = new Date(c.date);
        weekStart.setDate(c.date.getDate() - c.date.getDay());
        expect(cells.find((x) => key(x.date) === key(weekStart))?.col ?? c.col).toBe(c.col);
      }
      const slots = new Set(cells.map((c) => `${c.col}/${c.row}`));
      expect(slots.size).toBe(cells.length);
      expect(cells.at(-1)!.col).toBe(26);
    });
  }

  it('a Sunday sits above the Monday after it, not at the top of the week before', () => {
    const cells = heatmapCells(day('2025-06-11'), 26);
    const at = (s: string) => cells.find((c) => key(c.date) === s)!;
    expect(at('2025-06-08')).toMatchObject({ row: 0, col: at('2025-06-09').col });
    expect(at('2025-06-07')).toMatchObject({ row: 6, col: at('2025-06-08').col - 1 });
  });
});
