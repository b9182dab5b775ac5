/** The catalogue page's styles: the review grid (a table on a screen, cards on a phone), its cells and messages. */
import { getTheme, mergeStyleSets } from '@fluentui/react';

const theme = getTheme();
/** Below this width the grid's rows become cards (as the console's other tables do). */
export const NARROW = '@media (max-width: 760px)';

export const cat = mergeStyleSets({
  gridBox: {
    // The grid scrolls inside its box (a table on a screen, cards on a phone), never the page sideways.
    overflow: 'auto',
    maxHeight: '75vh',
    border: `1px solid ${theme.palette.neutralLight}`,
    background: theme.palette.white,
  },
  grid: {
    borderCollapse: 'collapse',
    width: '100%',
    minWidth: 1180,
    selectors: {
      'th, td': { textAlign: 'left', verticalAlign: 'top', padding: '6px 8px', borderBottom: `1px solid ${theme.palette.neutralLight}` },
      th: { fontWeight: 600, background: theme.palette.neutralLighterAlt, position: 'sticky', top: 0, zIndex: 1, fontSize: 13 },
      'tr[data-open-points]': { background: '#FFFBF0' },
      'tr[data-omit="true"]': { opacity: 0.6 },
      [NARROW]: {
        minWidth: 0,
        thead: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' },
        'tr, td': { display: 'block' },
        tr: { borderBottom: `2px solid ${theme.palette.neutralTertiaryAlt}`, padding: '8px 0' },
        td: { borderBottom: 'none', padding: '4px 8px' },
        'td::before': { content: 'attr(data-label)', display: 'block', fontWeight: 600, color: theme.palette.neutralSecondary, fontSize: 12 },
      },
    },
  },
  cellStack: { display: 'flex', flexDirection: 'column', gap: 4, minWidth: 0 },
  inline: { display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center' },
  mini: { fontSize: 12, color: theme.palette.neutralSecondary },
  input: {
    font: 'inherit',
    fontSize: 14,
    padding: '3px 6px',
    border: `1px solid ${theme.palette.neutralTertiary}`,
    borderRadius: 2,
    minWidth: 0,
    boxSizing: 'border-box',
    width: '100%',
    background: theme.palette.white,
    color: theme.palette.neutralPrimary,
    selectors: {
      ':focus': { outline: `2px solid ${theme.palette.themePrimary}`, outlineOffset: 0 },
      '&[aria-invalid="true"]': { borderColor: '#A4262C', background: '#FDF3F4' },
      ':disabled': { background: theme.palette.neutralLighter, color: theme.palette.neutralSecondary },
    },
  },
  narrowInput: { width: 90 },
  message: { color: '#A4262C', fontSize: 12, lineHeight: '16px' },
  reading: { fontSize: 12, color: theme.palette.neutralSecondary, background: theme.palette.neutralLighterAlt, padding: '2px 4px', borderRadius: 2 },
  source: { fontSize: 13, lineHeight: '18px' },
  mark: { background: '#FFF4CE', padding: 0 },
  point: {
    background: '#FFF4CE',
    border: '1px solid #F2C811',
    borderRadius: 2,
    padding: '4px 6px',
    display: 'flex',
    flexDirection: 'column',
    gap: 4,
    fontSize: 13,
  },
  done: { fontSize: 12, color: '#107C10' },
  linkButton: {
    font: 'inherit',
    fontSize: 13,
    background: 'none',
    border: 'none',
    padding: 0,
    color: theme.palette.themePrimary,
    cursor: 'pointer',
    textDecoration: 'underline',
    selectors: { ':focus': { outline: `2px solid ${theme.palette.themePrimary}` } },
  },
  smallButton: {
    font: 'inherit',
    fontSize: 13,
    padding: '2px 8px',
    border: `1px solid ${theme.palette.neutralTertiary}`,
    borderRadius: 2,
    background: theme.palette.white,
    color: theme.palette.neutralPrimary,
    cursor: 'pointer',
    alignSelf: 'flex-start',
    selectors: {
      ':hover': { background: theme.palette.neutralLighter },
      ':focus': { outline: `2px solid ${theme.palette.themePrimary}` },
      ':disabled': { color: theme.palette.neutralTertiary, cursor: 'default' },
    },
  },
  summary: { display: 'flex', flexWrap: 'wrap', gap: '8px 16px', alignItems: 'center' },
  visuallyHidden: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  field: { display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 },
  formGrid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: 12 },
  plainTable: {
    borderCollapse: 'collapse',
    width: '100%',
    selectors: {
      'th, td': { textAlign: 'left', verticalAlign: 'top', padding: '6px 8px', borderBottom: `1px solid ${theme.palette.neutralLight}` },
      th: { fontWeight: 600, background: theme.palette.neutralLighterAlt, fontSize: 13 },
      [NARROW]: {
        thead: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' },
        'tr, td': { display: 'block' },
        tr: { borderBottom: `1px solid ${theme.palette.neutralTertiaryAlt}`, padding: '6px 0' },
        td: { borderBottom: 'none', padding: '3px 8px' },
        'td::before': { content: 'attr(data-label)', display: 'block', fontWeight: 600, color: theme.palette.neutralSecondary, fontSize: 12 },
        'td[data-label=""]::before': { display: 'none' },
      },
    },
  },
});
