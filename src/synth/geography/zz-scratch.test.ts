import { test } from 'vitest';
import { MUNICIPALITY_CODES, isValidOn } from './geography.js';
test('scratch', () => {
for (const d of ['2015-06-01','2016-06-01','2017-06-01','2018-06-01','2019-06-01','2021-06-01','2024-06-01']) console.log(d, MUNICIPALITY_CODES.filter(m=>isValidOn(m.code,d)).length);
});
