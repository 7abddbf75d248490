// The capture viewer's table model (client/src/capture/table.ts): the port filter as typed, the
// state filter, the order under every column (both directions, rows not yet imported last, ties
// in connection order) and the cell texts.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionRow } from '../../client/src/capture/protocol';
import {
  cellText, COLUMNS, compareRows, durationText, nextSort, NO_FILTER, parsePortFilter, rowMatches, type SortColumn, viewRows,
} from '../../client/src/capture/table';
import type { State } from '../../server/src/tcp/machine';

function row(
  id: number, client: string, server: string, packets: number, duration: number,
  states?: [State, State, State, State], diagnostics?: [number, number],
): ConnectionRow {
  const endpoint = (text: string) => {
    const at = text.lastIndexOf(':');
    return { address: text.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(text.slice(at + 1)) };
  };
  return {
    id, client: endpoint(client), server: endpoint(server), packets, duration,
    ...(states ? { first: [states[0], states[1]] as const, last: [states[2], states[3]] as const } : {}),
    ...(diagnostics ? { diagnostics: diagnostics[0], errors: diagnostics[1] } : {}),
  };
}

const ROWS: readonly ConnectionRow[] = [
  row(1, '10.0.0.9:40000', '10.0.0.1:80', 11, 2.9, ['CLOSED', 'CLOSED', 'TIME_WAIT', 'CLOSED'], [0, 0]),
  row(2, '10.0.0.10:40001', '10.0.0.1:443', 4, 0.2, ['CLOSED', 'CLOSED', 'ESTABLISHED', 'CLOSE_WAIT'], [2, 0]),
  row(3, '10.0.0.10:39999', '10.0.0.1:8080', 30, 12.5, ['ESTABLISHED', 'ESTABLISHED', 'CLOSED', 'LAST_ACK'], [1, 1]),
  // Still being read: no states or diagnostics yet.
  row(4, '[fe80::1]:50000', '[fe80::2]:80', 2, 0.01),
];

const ids = (rows: readonly ConnectionRow[]) => rows.map((r) => r.id);
const sorted = (column: SortColumn, descending = false) => ids(viewRows(ROWS, { column, descending }, NO_FILTER));

describe('capture table: port filter', () => {
  it('reads ports and ranges separated by commas or spaces', () => {
    assert.deepEqual(parsePortFilter(''), { ports: [] });
    assert.deepEqual(parsePortFilter('  '), { ports: [] });
    assert.deepEqual(parsePortFilter('80'), { ports: [[80, 80]] });
    assert.deepEqual(parsePortFilter('80, 443 5100-5200'), { ports: [[80, 80], [443, 443], [5100, 5200]] });
    assert.deepEqual(parsePortFilter('0-65535'), { ports: [[0, 65535]] });
  });

  it('says what is wrong with a filter that is not ports', () => {
    assert.deepEqual(parsePortFilter('http'), { error: '“http” is not a port or a range of ports (such as 80 or 5100-5200)' });
    assert.deepEqual(parsePortFilter('80, 70000'), { error: '70000 is not a port (0 to 65535)' });
    assert.deepEqual(parsePortFilter('200-100'), { error: 'the range 200-100 ends before it starts' });
    assert.deepEqual(parsePortFilter('-5'), { error: '“-5” is not a port or a range of ports (such as 80 or 5100-5200)' });
  });

  it('keeps the rows with the client or the server port in the filter', () => {
    const ports = (text: string) => {
      const parsed = parsePortFilter(text);
      assert.ok('ports' in parsed);
      return ids(viewRows(ROWS, { column: 'id', descending: false }, { ports: parsed.ports }));
    };
    assert.deepEqual(ports('80'), [1, 4]);
    assert.deepEqual(ports('443'), [2]);
    assert.deepEqual(ports('40000-40001'), [1, 2], 'client ports');
    assert.deepEqual(ports('8080 50000'), [3, 4]);
    assert.deepEqual(ports('22'), []);
  });
});

describe('capture table: state filter', () => {
  it('keeps the rows where either side starts or ends in the state', () => {
    const withState = (state: State) => ids(viewRows(ROWS, { column: 'id', descending: false }, { ports: [], state }));
    assert.deepEqual(withState('CLOSE_WAIT'), [2], 'server last');
    assert.deepEqual(withState('TIME_WAIT'), [1], 'client last');
    assert.deepEqual(withState('ESTABLISHED'), [2, 3], 'a first state (3) and a last state (2)');
    assert.deepEqual(withState('CLOSED'), [1, 2, 3]);
    assert.deepEqual(withState('SYN_SENT'), []);
  });

  it('does not keep a row that is not imported yet, and both filters apply together', () => {
    assert.equal(rowMatches(ROWS[3], { ports: [], state: 'CLOSED' }), false);
    assert.equal(rowMatches(ROWS[3], NO_FILTER), true);
    assert.deepEqual(ids(viewRows(ROWS, { column: 'id', descending: false }, { ports: [[80, 80]], state: 'CLOSED' })), [1]);
  });
});

describe('capture table: sorting', () => {
  it('sorts numbers, endpoints (numeric addresses, then port) and both directions', () => {
    assert.deepEqual(sorted('id'), [1, 2, 3, 4]);
    assert.deepEqual(sorted('id', true), [4, 3, 2, 1]);
    assert.deepEqual(sorted('packets'), [4, 2, 1, 3]);
    assert.deepEqual(sorted('packets', true), [3, 1, 2, 4]);
    assert.deepEqual(sorted('duration'), [4, 2, 1, 3]);
    // 10.0.0.9 before 10.0.0.10 (numeric), then the port; IPv6 after the digits.
    assert.deepEqual(sorted('client'), [1, 3, 2, 4]);
    assert.deepEqual(sorted('client', true), [4, 2, 3, 1]);
    // The same server address: by port.
    assert.deepEqual(sorted('server'), [1, 2, 3, 4]);
  });

  it('sorts states in the order of the state table, rows not imported last in both directions', () => {
    // CLOSED < ESTABLISHED < CLOSE_WAIT < LAST_ACK < TIME_WAIT (machine.ts STATES order).
    assert.deepEqual(sorted('serverLast'), [1, 2, 3, 4]);
    assert.deepEqual(sorted('serverLast', true), [3, 2, 1, 4]);
    assert.deepEqual(sorted('clientLast'), [3, 2, 1, 4]);
    assert.deepEqual(sorted('clientFirst'), [1, 2, 3, 4], 'ties (CLOSED) in connection order');
    assert.deepEqual(sorted('clientFirst', true), [3, 1, 2, 4], 'ties in connection order when descending too');
    assert.deepEqual(sorted('serverFirst', true), [3, 1, 2, 4]);
  });

  it('sorts diagnostics with errors first, then the count', () => {
    assert.deepEqual(sorted('diagnostics'), [1, 2, 3, 4]);
    assert.deepEqual(sorted('diagnostics', true), [3, 2, 1, 4]);
  });

  it('leaves the given rows in their order', () => {
    const rows = [...ROWS];
    viewRows(rows, { column: 'packets', descending: true }, NO_FILTER);
    assert.deepEqual(ids(rows), [1, 2, 3, 4]);
  });

  it('a click on the sorted column flips it, on another starts ascending', () => {
    assert.deepEqual(nextSort({ column: 'id', descending: false }, 'id'), { column: 'id', descending: true });
    assert.deepEqual(nextSort({ column: 'id', descending: true }, 'id'), { column: 'id', descending: false });
    assert.deepEqual(nextSort({ column: 'id', descending: true }, 'packets'), { column: 'packets', descending: false });
  });

  it('every column sorts (compareRows is antisymmetric on it)', () => {
    for (const { id } of COLUMNS) {
      for (const descending of [false, true]) {
        for (const a of ROWS) {
          for (const b of ROWS) {
            const ab = Math.sign(compareRows(a, b, { column: id, descending }));
            const ba = Math.sign(compareRows(b, a, { column: id, descending }));
            assert.equal(ab, -ba || 0, `${id} ${descending ? 'desc' : 'asc'}: ${a.id} vs ${b.id}`);
            if (a.id === b.id) assert.equal(ab, 0);
          }
        }
      }
    }
  });
});

describe('capture table: cells', () => {
  it('shows endpoints, counts, durations and states; … until imported', () => {
    assert.deepEqual(COLUMNS.map((c) => cellText(ROWS[0], c.id)),
      ['1', '10.0.0.9:40000', '10.0.0.1:80', '11', '2.900 s', 'CLOSED', 'TIME_WAIT', 'CLOSED', 'CLOSED', '0']);
    assert.deepEqual(COLUMNS.map((c) => cellText(ROWS[3], c.id)),
      ['4', '[fe80::1]:50000', '[fe80::2]:80', '2', '0.010 s', '…', '…', '…', '…', '…']);
    assert.equal(cellText(row(5, '1.2.3.4:1', '1.2.3.4:2', 123456, 1), 'packets'), '123,456');
  });

  it('writes durations to the millisecond under 10 s, then tenths, then hours and minutes', () => {
    assert.equal(durationText(0), '0.000 s');
    assert.equal(durationText(9.9994), '9.999 s');
    assert.equal(durationText(12.46), '12.5 s');
    assert.equal(durationText(7325), '2 h 02 min');
  });
});
