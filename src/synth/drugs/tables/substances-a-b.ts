/**
 * A (alimentary tract and metabolism) and B (blood) substances.
 * DDDs from the WHO ATC/DDD index; `dddNote` marks values that are null or less certain.
 */
import { blue, ddd, g, ml, pr, stk, sub, use, type Substance } from '../model.js';

const GERD = blue(0.35, ['D84', 'D86'], ['K21', 'K25']);
const T2D = blue(0.95, ['T90'], ['E11']);
const DIABETES = blue(0.98, ['T89', 'T90'], ['E10', 'E11']);
const IBD = blue(0.9, ['D94'], ['K50', 'K51']);
const CONSTIPATION = blue(0.3, ['D12'], ['K59']);
const ANTICOAG = blue(0.95, ['K78', 'K93', 'K94'], ['I48', 'I26', 'I80']);
const PLATELET = blue(0.9, ['K74', 'K75', 'K90'], ['I20', 'I21', 'I25', 'I63']);

export const SUBSTANCES_A: readonly Substance[] = [
  sub('A02BA02', 'Ranitidine', 'Ranitidin', ddd(0.3, 'g', 'O'), 'C', use('chronic', 0.2, 'adults', 0.55, 1.2, { blue: GERD }), [
    pr(['Zantac', '~Mylan'], 'tab', [150, 300], 'mg', stk(20, 30, 100), [60, 260], { otcMax: 20 }),
  ]),
  sub('A02BA03', 'Famotidine', 'Famotidin', ddd(40, 'mg', 'O'), 'C', use('chronic', 0.1, 'adults', 0.55, 1.1, { blue: GERD }), [
    pr('Pepcid', 'tab', [20, 40], 'mg', stk(28, 100), [90, 280]),
  ]),
  sub('A02BC01', 'Omeprazole', 'Omeprazol', ddd(20, 'mg', 'O'), 'C', use('chronic', 1.5, 'olderAdults', 0.56, 1.3, { blue: GERD, animal: { share: 0.01, species: ['dog'] } }), [
    pr('Losec', 'enterotab', [10, 20, 40], 'mg', stk(14, 28, 100), [70, 420], { otcMax: 14 }),
    pr(['~Krka', '~Mylan'], 'enterokaps', [10, 20, 40], 'mg', stk(14, 28, 56, 100), [45, 210], { otcMax: 14 }),
  ]),
  sub('A02BC02', 'Pantoprazole', 'Pantoprazol', ddd(40, 'mg', 'O'), 'C', use('chronic', 3.0, 'olderAdults', 0.57, 1.3, { blue: GERD }), [
    pr(['Somac', '~Actavis', '~Orifarm'], 'enterotab', [20, 40], 'mg', stk(14, 28, 98), [50, 330], { otcMax: 14 }),
  ]),
  sub('A02BC03', 'Lansoprazole', 'Lansoprazol', ddd(30, 'mg', 'O'), 'C', use('chronic', 0.4, 'olderAdults', 0.55, 1.2, { blue: GERD }), [
    pr('Lanzo', 'smeltetab', [15, 30], 'mg', stk(28, 98), [90, 330]),
    pr('~Sandoz', 'enterokaps', [15, 30], 'mg', stk(28, 98), [60, 240]),
  ]),
  sub('A02BC04', 'Rabeprazole', 'Rabeprazol', ddd(20, 'mg', 'O'), 'C', use('chronic', 0.1, 'olderAdults', 0.55, 1.2, { blue: GERD }), [
    pr('Pariet', 'enterotab', [10, 20], 'mg', stk(28, 98), [110, 400]),
  ]),
  sub('A02BC05', 'Esomeprazole', 'Esomeprazol', ddd(30, 'mg', 'O'), 'C', use('chronic', 3.5, 'olderAdults', 0.57, 1.3, { blue: GERD }), [
    pr('Nexium', 'enterotab', [20, 40], 'mg', stk(14, 28, 98), [80, 520], { otcMax: 14 }),
    pr(['~Krka', '~Teva', '~Orifarm'], 'enterokaps', [20, 40], 'mg', stk(14, 28, 98), [55, 290], { otcMax: 14 }),
  ]),
  sub('A02BX02', 'Sucralfate', 'Sukralfat', ddd(4, 'g', 'O'), 'C', use('acute', 0.1, 'olderAdults', 0.5, 1.1), [
    pr('Antepsin', 'tab', 1, 'g', stk(100), [180, 180]),
  ]),
  sub('A03FA01', 'Metoclopramide', 'Metoklopramid', [ddd(30, 'mg', 'O'), ddd(30, 'mg', 'P')], 'C', use('acute', 1.2, 'adults', 0.7, 1.0, { animal: { share: 0.03, species: ['dog', 'cat'] } }), [
    pr('Afipran', 'tab', 10, 'mg', stk(20, 100), [50, 150]),
    pr('Afipran', 'stikkpille', 20, 'mg', stk(10), [90, 90]),
    pr('Afipran', 'injOppl', 5, 'mg', [ml(2, 10)], [160, 160]),
  ]),
  sub('A03FA03', 'Domperidone', 'Domperidon', ddd(30, 'mg', 'O'), 'C', use('acute', 0.05, 'adults', 0.7, 1.0), [
    pr('Motilium', 'tab', 10, 'mg', stk(30), [110, 110]),
  ]),
  sub('A04AA01', 'Ondansetron', 'Ondansetron', [ddd(16, 'mg', 'O'), ddd(16, 'mg', 'P')], 'C', use('acute', 0.6, 'adults', 0.65, 1.1), [
    pr('Zofran', 'tab', [4, 8], 'mg', stk(10, 30), [180, 900]),
    pr(['~Bluefish', '~Sandoz'], 'smeltetab', [4, 8], 'mg', stk(10, 30), [90, 420]),
    pr('Zofran', 'injOppl', 2, 'mg', [ml(2, 5), ml(4, 5)], [180, 320]),
  ]),
  sub('A04AD12', 'Aprepitant', 'Aprepitant', ddd(95, 'mg', 'O'), 'C', use('acute', 0.02, 'adults', 0.6, 1.0), [
    pr('Emend', 'kaps', [80, 125], 'mg', stk(1, 2), [280, 560]),
  ]),
  sub('A05AA02', 'Ursodeoxycholic acid', 'Ursodeoksykolsyre', ddd(0.75, 'g', 'O'), 'C', use('chronic', 0.1, 'adults', 0.65, 1.2, { blue: blue(0.8, ['D97'], ['K74', 'K83']) }), [
    pr(['Ursofalk', '~Orifarm'], 'kaps', 250, 'mg', stk(100), [390, 390]),
    pr('Ursofalk', 'tab', 500, 'mg', stk(100), [690, 690]),
  ]),
  sub('A06AB02', 'Bisacodyl', 'Bisakodyl', [ddd(10, 'mg', 'O'), ddd(10, 'mg', 'R')], 'F', use('asNeeded', 1.5, 'elderly', 0.62, 1.2, { blue: CONSTIPATION }), [
    pr('Toilax', 'enterotab', 5, 'mg', stk(30, 100, 200), [45, 150]),
    pr('Toilax', 'stikkpille', 10, 'mg', stk(10, 50), [45, 160]),
  ]),
  sub('A06AB06', 'Senna glycosides', 'Sennaglykosider', ddd(20, 'mg', 'O'), 'F', use('asNeeded', 0.1, 'elderly', 0.65, 1.1), [
    pr('Pursennid', 'tab', 12, 'mg', stk(40, 100), [55, 110]),
  ], { dddNote: 'WHO DDD 20 mg O recalled from the index, not verified against the current edition' }),
  sub('A06AB08', 'Sodium picosulfate', 'Natriumpikosulfat', ddd(5, 'mg', 'O'), 'F', use('asNeeded', 0.8, 'elderly', 0.62, 1.1, { blue: CONSTIPATION }), [
    pr('Laxoberal', 'draper', 7.5, 'mg', [ml(15), ml(30)], [60, 95]),
  ], { dddNote: 'WHO DDD 5 mg O recalled, not verified' }),
  sub('A06AC01', 'Ispaghula (psylla seeds)', 'Ispaghula (psylliumfrø)', ddd(7, 'g', 'O'), 'F', use('chronic', 0.3, 'olderAdults', 0.65, 1.3), [
    pr('Vi-Siblin', 'granulat', 0.61, 'g', [g(200), g(400)], [95, 160]),
  ]),
  sub('A06AD11', 'Lactulose', 'Laktulose', ddd(6.7, 'g', 'O'), 'F', use('chronic', 1.5, 'elderly', 0.6, 1.3, { blue: CONSTIPATION }), [
    pr(['Duphalac', '~Orifarm'], 'mikstOppl', 667, 'mg', [ml(500), ml(1000)], [90, 150]),
  ]),
  sub('A06AD15', 'Macrogol', 'Makrogol', ddd(10, 'g', 'O'), 'F', use('chronic', 0.3, 'all', 0.6, 1.2), [
    pr('Forlax', 'pulvMikst', 10, 'g', stk(20, 50), [90, 190]),
  ]),
  sub('A06AD65', 'Macrogol, combinations', 'Makrogol, kombinasjoner', null, 'F', use('chronic', 3.0, 'all', 0.6, 1.4, { blue: CONSTIPATION }), [
    pr(['Movicol', 'Laxabon'], 'pulvMikst', 13.125, 'g', stk(20, 50, 100), [110, 420]),
    pr('Movicol Junior', 'pulvMikst', 6.563, 'g', stk(30), [150, 150]),
  ], { dddNote: 'WHO DDD for the combination not verified; left null' }),
  sub('A07AA02', 'Nystatin', 'Nystatin', ddd(1.5, 'MU', 'O'), 'C', use('acute', 0.6, 'all', 0.55, 1.0), [
    pr('Mycostatin', 'mikstSusp', 100_000, 'IE', [ml(100)], [170, 170]),
  ], { dddNote: 'WHO DDD 1.5 MU O recalled, not verified' }),
  sub('A07AA09', 'Vancomycin', 'Vankomycin', ddd(2, 'g', 'O'), 'C', use('acute', 0.01, 'elderly', 0.55, 1.0), [
    pr('~Xellia', 'kaps', [125, 250], 'mg', stk(28), [1400, 2400]),
  ], { dddNote: 'WHO oral DDD 2 g recalled, not verified' }),
  sub('A07AA12', 'Fidaxomicin', 'Fidaksomicin', ddd(0.4, 'g', 'O'), 'C', use('acute', 0.005, 'elderly', 0.55, 1.0), [
    pr('Dificlir', 'tab', 200, 'mg', stk(20), [17500, 17500]),
  ]),
  sub('A07DA03', 'Loperamide', 'Loperamid', ddd(10, 'mg', 'O'), 'F', use('asNeeded', 0.5, 'adults', 0.6, 1.1), [
    pr(['Imodium', 'Dimor'], 'tab', 2, 'mg', stk(8, 20, 100), [45, 190], { otcMax: 20 }),
  ]),
  sub('A07EA06', 'Budesonide', 'Budesonid', ddd(9, 'mg', 'O'), 'C', use('chronic', 0.1, 'adults', 0.55, 1.1, { blue: IBD }), [
    pr(['Entocort', 'Budenofalk'], 'depotkaps', 3, 'mg', stk(45, 100), [600, 1300]),
  ]),
  sub('A07EC01', 'Sulfasalazine', 'Sulfasalazin', ddd(2, 'g', 'O'), 'C', use('chronic', 0.2, 'adults', 0.55, 1.3, { blue: blue(0.9, ['D94', 'L88'], ['K51', 'M05', 'M06']) }), [
    pr('Salazopyrin EN', 'enterotab', 500, 'mg', stk(100, 300), [200, 520]),
  ]),
  sub('A07EC02', 'Mesalazine', 'Mesalazin', [ddd(1.5, 'g', 'O'), ddd(1.5, 'g', 'R')], 'C', use('chronic', 0.4, 'adults', 0.5, 1.2, { blue: IBD }), [
    pr('Asacol', 'enterotab', [400, 800], 'mg', stk(100), [420, 800]),
    pr('Pentasa', 'depottab', [500, 1000], 'mg', stk(100), [540, 1050]),
    pr('Mezavant', 'depottab', 1200, 'mg', stk(60), [680, 680]),
    pr('Pentasa', 'stikkpille', 1, 'g', stk(28), [560, 560]),
  ]),
  sub('A08AB01', 'Orlistat', 'Orlistat', ddd(0.36, 'g', 'O'), 'C', use('chronic', 0.05, 'adults', 0.7, 1.0), [
    pr('Xenical', 'kaps', 120, 'mg', stk(84), [780, 780]),
  ]),
  sub('A10AB01', 'Insulin (human)', 'Insulin (human)', ddd(40, 'U', 'P'), 'C', use('chronic', 0.05, 'adults', 0.45, 1.5, { blue: DIABETES }), [
    pr(['Actrapid', 'Humulin Regular'], 'injOppl', 100, 'IE', [ml(3, 5), ml(10)], [280, 330]),
  ]),
  sub('A10AB04', 'Insulin lispro', 'Insulin lispro', ddd(40, 'U', 'P'), 'C', use('chronic', 0.3, 'adults', 0.45, 1.6, { blue: DIABETES }), [
    pr(['Humalog', 'Lyumjev'], 'injOppl', 100, 'IE', [ml(3, 5), ml(10)], [320, 380]),
    pr('Humalog KwikPen', 'injOppl', 200, 'IE', [ml(3, 5)], [680, 680]),
  ]),
  sub('A10AB05', 'Insulin aspart', 'Insulin aspart', ddd(40, 'U', 'P'), 'C', use('chronic', 0.6, 'adults', 0.45, 1.6, { blue: DIABETES }), [
    pr(['NovoRapid', 'Fiasp'], 'injOppl', 100, 'IE', [ml(3, 5), ml(3, 10), ml(10)], [330, 650]),
  ]),
  sub('A10AC01', 'Insulin (human)', 'Insulin (human)', ddd(40, 'U', 'P'), 'C', use('chronic', 0.3, 'olderAdults', 0.45, 1.5, { blue: DIABETES }), [
    pr(['Insulatard', 'Humulin NPH'], 'injSusp', 100, 'IE', [ml(3, 5), ml(10)], [260, 300]),
  ]),
  sub('A10AE04', 'Insulin glargine', 'Insulin glargin', ddd(40, 'U', 'P'), 'C', use('chronic', 0.6, 'olderAdults', 0.43, 1.5, { blue: DIABETES }), [
    pr(['Lantus', 'Abasaglar', 'Semglee'], 'injOppl', 100, 'IE', [ml(3, 5), ml(3, 10)], [450, 880]),
    pr('Toujeo', 'injOppl', 300, 'IE', [ml(1.5, 3), ml(1.5, 5)], [680, 1100]),
  ]),
  sub('A10AE05', 'Insulin detemir', 'Insulin detemir', ddd(40, 'U', 'P'), 'C', use('chronic', 0.2, 'adults', 0.45, 1.5, { blue: DIABETES }), [
    pr('Levemir', 'injOppl', 100, 'IE', [ml(3, 5), ml(3, 10)], [520, 1000]),
  ]),
  sub('A10AE06', 'Insulin degludec', 'Insulin degludek', ddd(40, 'U', 'P'), 'C', use('chronic', 0.4, 'adults', 0.44, 1.5, { blue: DIABETES }), [
    pr('Tresiba', 'injOppl', [100, 200], 'IE', [ml(3, 5)], [780, 1500]),
  ]),
  sub('A10BA02', 'Metformin', 'Metformin', ddd(2, 'g', 'O'), 'C', use('chronic', 3.2, 'olderAdults', 0.45, 1.4, { blue: T2D }), [
    pr(['Glucophage', '~Mylan', '~Sandoz', '~Accord'], 'tab', [500, 850, 1000], 'mg', stk(100, 300), [80, 210]),
  ]),
  sub('A10BB01', 'Glibenclamide', 'Glibenklamid', ddd(10, 'mg', 'O'), 'C', use('chronic', 0.05, 'elderly', 0.45, 1.2, { blue: T2D }), [
    pr('Euglucon', 'tab', [3.5, 5], 'mg', stk(100), [85, 100]),
  ]),
  sub('A10BB09', 'Gliclazide', 'Gliklazid', ddd(60, 'mg', 'O'), 'C', use('chronic', 0.1, 'elderly', 0.45, 1.2, { blue: T2D }), [
    pr('Diamicron', 'depottab', [30, 60], 'mg', stk(60, 180), [120, 330]),
  ]),
  sub('A10BB12', 'Glimepiride', 'Glimepirid', ddd(2, 'mg', 'O'), 'C', use('chronic', 0.5, 'elderly', 0.43, 1.2, { blue: T2D }), [
    pr(['Amaryl', '~Sandoz', '~Teva'], 'tab', [1, 2, 3, 4], 'mg', stk(30, 90), [70, 190]),
  ]),
  sub('A10BH01', 'Sitagliptin', 'Sitagliptin', ddd(0.1, 'g', 'O'), 'C', use('chronic', 0.8, 'olderAdults', 0.42, 1.2, { blue: T2D }), [
    pr(['Januvia', '~Sandoz', '~Krka'], 'tab', [25, 50, 100], 'mg', stk(28, 98), [180, 1300]),
  ]),
  sub('A10BH02', 'Vildagliptin', 'Vildagliptin', ddd(0.1, 'g', 'O'), 'C', use('chronic', 0.1, 'olderAdults', 0.42, 1.2, { blue: T2D }), [
    pr('Galvus', 'tab', 50, 'mg', stk(56, 180), [420, 1250]),
  ]),
  sub('A10BH05', 'Linagliptin', 'Linagliptin', ddd(5, 'mg', 'O'), 'C', use('chronic', 0.4, 'elderly', 0.42, 1.2, { blue: T2D }), [
    pr('Trajenta', 'tab', 5, 'mg', stk(30, 90), [440, 1250]),
  ]),
  sub('A10BJ02', 'Liraglutide', 'Liraglutid', ddd(1.2, 'mg', 'P'), 'C', use('chronic', 0.3, 'adults', 0.55, 1.2, { blue: T2D }), [
    pr('Victoza', 'injOppl', 6, 'mg', [ml(3, 2), ml(3, 3)], [1150, 1700]),
    pr('Saxenda', 'injOppl', 6, 'mg', [ml(3, 5)], [2900, 2900], { rx: 'C' }),
  ]),
  sub('A10BJ05', 'Dulaglutide', 'Dulaglutid', ddd(0.16, 'mg', 'P'), 'C', use('chronic', 0.4, 'olderAdults', 0.43, 1.3, { blue: T2D }), [
    pr('Trulicity', 'injOppl', [1.5, 3], 'mg', [ml(0.5, 4)], [1050, 1050]),
  ]),
  sub('A10BJ06', 'Semaglutide', 'Semaglutid', [ddd(0.11, 'mg', 'P'), ddd(7, 'mg', 'O')], 'C', use('chronic', 1.2, 'adults', 0.5, 1.2, { blue: T2D }), [
    pr('Ozempic', 'injOppl', [1.34, 2.68], 'mg', [ml(1.5), ml(3)], [1100, 1400]),
    pr('Rybelsus', 'tab', [3, 7, 14], 'mg', stk(30, 90), [1050, 3000]),
  ], { dddNote: 'WHO DDDs (P 0.11 mg, O 7 mg) recalled, not verified against the current edition' }),
  sub('A10BK01', 'Dapagliflozin', 'Dapagliflozin', ddd(10, 'mg', 'O'), 'C', use('chronic', 0.8, 'olderAdults', 0.38, 1.2, { blue: blue(0.95, ['T90', 'K77'], ['E11', 'I50', 'N18']) }), [
    pr('Forxiga', 'tab', [5, 10], 'mg', stk(28, 98), [470, 1550]),
  ]),
  sub('A10BK03', 'Empagliflozin', 'Empagliflozin', ddd(17.5, 'mg', 'O'), 'C', use('chronic', 1.2, 'olderAdults', 0.38, 1.2, { blue: blue(0.95, ['T90', 'K77'], ['E11', 'I50']) }), [
    pr('Jardiance', 'tab', [10, 25], 'mg', stk(30, 90), [500, 1450]),
  ]),
  sub('A11CC05', 'Colecalciferol', 'Kolekalsiferol', ddd(20, 'mcg', 'O'), 'C', use('chronic', 1.0, 'elderly', 0.75, 1.2, { blue: blue(0.6, ['T99'], ['E55']) }), [
    pr('Divisun', 'tab', 20, 'mcg', stk(100), [95, 95], { rx: 'F' }),
    pr('Detremin', 'draper', 500, 'mcg', [ml(10)], [180, 180]),
  ], { dddNote: 'WHO DDD 20 mcg O recalled, not verified' }),
  sub('A12BA01', 'Potassium chloride', 'Kaliumklorid', ddd(3, 'g', 'O'), 'C', use('chronic', 0.4, 'elderly', 0.6, 1.2, { blue: blue(0.5, ['K86', 'K77'], ['I10', 'I50']) }), [
    pr('Kaleorid', 'depottab', [750, 1000], 'mg', stk(100, 250), [95, 210]),
  ]),
];

export const SUBSTANCES_B: readonly Substance[] = [
  sub('B01AA03', 'Warfarin', 'Warfarin', ddd(7.5, 'mg', 'O'), 'C', use('chronic', 0.5, 'elderly', 0.4, 1.2, { blue: ANTICOAG }), [
    pr('Marevan', 'tab', [1, 2.5], 'mg', stk(100), [85, 110]),
  ]),
  sub('B01AB01', 'Heparin', 'Heparin', ddd(10, 'TU', 'P'), 'C', use('acute', 0.01, 'elderly', 0.5, 1.0), [
    pr('Heparin LEO', 'injInf', 5000, 'IE', [ml(5, 10)], [900, 900]),
  ]),
  sub('B01AB04', 'Dalteparin', 'Dalteparin', ddd(2.5, 'TU', 'P'), 'C', use('acute', 0.8, 'olderAdults', 0.55, 1.2, { blue: blue(0.4, ['K94', 'K93'], ['I80', 'I26']) }), [
    pr('Fragmin', 'injOppl', [12_500, 25_000], 'IE', [ml(0.2, 10), ml(0.2, 25)], [290, 700]),
  ]),
  sub('B01AB05', 'Enoxaparin', 'Enoksaparin', ddd(2, 'TU', 'P'), 'C', use('acute', 0.6, 'olderAdults', 0.55, 1.2, { blue: blue(0.4, ['K94', 'K93'], ['I80', 'I26']) }), [
    pr(['Klexane', 'Inhixa'], 'injOppl', 10_000, 'IE', [ml(0.4, 10), ml(0.6, 10), ml(0.8, 10)], [300, 520]),
  ]),
  sub('B01AB10', 'Tinzaparin', 'Tinzaparin', ddd(3.5, 'TU', 'P'), 'C', use('acute', 0.1, 'olderAdults', 0.55, 1.2), [
    pr('Innohep', 'injOppl', [10_000, 20_000], 'IE', [ml(0.35, 10), ml(0.5, 10)], [260, 640]),
  ]),
  sub('B01AC04', 'Clopidogrel', 'Klopidogrel', ddd(75, 'mg', 'O'), 'C', use('chronic', 1.0, 'elderly', 0.38, 1.2, { blue: PLATELET }), [
    pr(['Plavix', '~Krka', '~Teva'], 'tab', 75, 'mg', stk(28, 90), [60, 190]),
  ]),
  sub('B01AC06', 'Acetylsalicylic acid', 'Acetylsalisylsyre', null, 'F', use('chronic', 3.5, 'elderly', 0.45, 1.3, { blue: PLATELET }), [
    pr(['Albyl-E', 'Magnyl E'], 'enterotab', [75, 160], 'mg', stk(98, 250), [60, 120]),
  ], { dddNote: 'WHO DDD is 1 UD (one tablet) for B01AC06; not expressible as an amount, so null' }),
  sub('B01AC07', 'Dipyridamole', 'Dipyridamol', ddd(0.4, 'g', 'O'), 'C', use('chronic', 0.05, 'elderly', 0.45, 1.2, { blue: PLATELET }), [
    pr('Persantin', 'depotkaps', 200, 'mg', stk(60), [240, 240]),
  ]),
  sub('B01AC22', 'Prasugrel', 'Prasugrel', ddd(10, 'mg', 'O'), 'C', use('chronic', 0.05, 'olderAdults', 0.25, 1.2, { blue: PLATELET }), [
    pr('Efient', 'tab', [5, 10], 'mg', stk(28, 98), [380, 1200]),
  ]),
  sub('B01AC24', 'Ticagrelor', 'Tikagrelor', ddd(0.18, 'g', 'O'), 'C', use('chronic', 0.4, 'olderAdults', 0.27, 1.2, { blue: PLATELET }), [
    pr('Brilique', 'tab', [60, 90], 'mg', stk(56, 168), [650, 1800]),
  ]),
  sub('B01AE07', 'Dabigatran etexilate', 'Dabigatraneteksilat', ddd(0.22, 'g', 'O'), 'C', use('chronic', 0.3, 'elderly', 0.42, 1.3, { blue: ANTICOAG }), [
    pr(['Pradaxa', '~Teva'], 'kaps', [110, 150], 'mg', stk(60, 180), [500, 1400]),
  ]),
  sub('B01AF01', 'Rivaroxaban', 'Rivaroksaban', ddd(20, 'mg', 'O'), 'C', use('chronic', 1.0, 'elderly', 0.43, 1.3, { blue: ANTICOAG }), [
    pr(['Xarelto', '~Sandoz', '~Krka'], 'tab', [10, 15, 20], 'mg', stk(28, 98), [170, 1500]),
    pr('Xarelto', 'tab', 2.5, 'mg', stk(56, 196), [400, 1300]),
  ]),
  sub('B01AF02', 'Apixaban', 'Apiksaban', ddd(10, 'mg', 'O'), 'C', use('chronic', 2.2, 'elderly', 0.45, 1.3, { blue: ANTICOAG }), [
    pr(['Eliquis', '~Krka', '~Teva'], 'tab', [2.5, 5], 'mg', stk(60, 168), [300, 1400]),
  ]),
  sub('B01AF03', 'Edoxaban', 'Edoksaban', ddd(60, 'mg', 'O'), 'C', use('chronic', 0.6, 'elderly', 0.43, 1.3, { blue: ANTICOAG }), [
    pr('Lixiana', 'tab', [30, 60], 'mg', stk(28, 98), [520, 1650]),
  ]),
  sub('B02AA02', 'Tranexamic acid', 'Traneksamsyre', [ddd(2, 'g', 'O'), ddd(2, 'g', 'P')], 'C', use('acute', 0.8, 'fertileWomen', 0.85, 1.1), [
    pr(['Cyklokapron', '~Orifarm'], 'tab', 500, 'mg', stk(20, 100), [95, 330]),
    pr('Cyklokapron', 'injOppl', 100, 'mg', [ml(5, 10)], [420, 420]),
  ], { dddNote: 'WHO DDDs (O 2 g, P 2 g) recalled, not verified' }),
  sub('B03AA07', 'Ferrous sulfate', 'Jern(II)sulfat', ddd(0.2, 'g', 'O'), 'F', use('chronic', 1.2, 'fertileWomen', 0.85, 1.2, { blue: blue(0.2, ['B80'], ['D50']) }), [
    pr('Duroferon', 'depottab', 100, 'mg', stk(100, 250), [110, 230]),
  ], { dddNote: 'DDD and strength refer to iron (Fe2+)' }),
  sub('B03BA01', 'Cyanocobalamin', 'Cyanokobalamin', null, 'C', use('chronic', 2.5, 'elderly', 0.62, 1.2, { blue: blue(0.6, ['B81'], ['D51']) }), [
    pr(['Behepan', 'Betolvex'], 'tab', 1, 'mg', stk(100), [130, 150]),
  ], { dddNote: 'WHO DDDs for cyanocobalamin not recalled with confidence; left null' }),
  sub('B03BA03', 'Hydroxocobalamin', 'Hydroksokobalamin', null, 'C', use('chronic', 1.0, 'elderly', 0.65, 1.0, { blue: blue(0.7, ['B81'], ['D51']) }), [
    pr('Vitamin B12 Takeda', 'injOppl', 1, 'mg', [ml(1, 10)], [95, 95]),
  ], { dddNote: 'WHO DDD for hydroxocobalamin not recalled with confidence; left null' }),
  sub('B03BB01', 'Folic acid', 'Folsyre', ddd(0.4, 'mg', 'O'), 'C', use('chronic', 0.5, 'olderAdults', 0.6, 1.1), [
    pr(['~Orifarm', 'Folsyre NAF'], 'tab', 1, 'mg', stk(100), [65, 80]),
  ], { dddNote: 'WHO DDD 0.4 mg O recalled, not verified' }),
  sub('B03XA01', 'Erythropoietin', 'Erytropoietin', ddd(1, 'TU', 'P'), 'C', use('chronic', 0.02, 'elderly', 0.45, 1.0, { blue: blue(0.9, ['U99'], ['N18']) }), [
    pr(['Eprex', 'Binocrit'], 'injOppl', [10_000, 40_000], 'IE', [ml(0.5, 6), ml(1, 1)], [1600, 3800]),
  ]),
];
