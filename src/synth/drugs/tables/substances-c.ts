/** C (cardiovascular system) substances. */
import { blue, comp, ddd, pr, stk, sub, use, type Substance } from '../model.js';

const HTN = blue(0.92, ['K86', 'K87'], ['I10', 'I11']);
const HF = blue(0.95, ['K77'], ['I50']);
const ANGINA = blue(0.9, ['K74', 'K76'], ['I20', 'I25']);
const LIPIDS = blue(0.9, ['T93', 'K74', 'K76'], ['E78', 'I25']);
const ARRHYTHMIA = blue(0.9, ['K78', 'K79'], ['I48', 'I49']);
const BETA = blue(0.85, ['K86', 'K74', 'K77', 'K78'], ['I10', 'I20', 'I50', 'I48']);

const HCT = comp('Hydrochlorothiazide', 'Hydroklortiazid');

export const SUBSTANCES_C: readonly Substance[] = [
  sub('C01AA05', 'Digoxin', 'Digoksin', ddd(0.25, 'mg', 'O'), 'C', use('chronic', 0.2, 'elderly', 0.5, 1.2, { blue: ARRHYTHMIA }), [
    pr('Digoxin BioPhausia', 'tab', [0.0625, 0.25], 'mg', stk(100), [90, 110]),
  ]),
  sub('C01BC04', 'Flecainide', 'Flekainid', ddd(0.2, 'g', 'O'), 'C', use('chronic', 0.1, 'olderAdults', 0.45, 1.2, { blue: ARRHYTHMIA }), [
    pr('Tambocor', 'tab', 100, 'mg', stk(60), [250, 250]),
    pr('Tambocor Retard', 'depotkaps', [100, 200], 'mg', stk(30, 90), [280, 700]),
  ]),
  sub('C01BD01', 'Amiodarone', 'Amiodaron', ddd(0.2, 'g', 'O'), 'C', use('chronic', 0.15, 'elderly', 0.35, 1.1, { blue: ARRHYTHMIA }), [
    pr(['Cordarone', '~Orifarm'], 'tab', 200, 'mg', stk(30, 100), [120, 310]),
  ]),
  sub('C01DA02', 'Glyceryl trinitrate', 'Glyseroltrinitrat', ddd(2.5, 'mg', 'SL'), 'C', use('asNeeded', 0.8, 'elderly', 0.42, 1.0, { blue: ANGINA }), [
    pr(['Nitroglycerin Orifarm', 'Nitroglycerin DAK'], 'sublingvaltab', [0.25, 0.5], 'mg', stk(50, 100), [85, 120]),
  ], { dddNote: 'WHO SL DDD 2.5 mg recalled, not verified' }),
  sub('C01DA14', 'Isosorbide mononitrate', 'Isosorbidmononitrat', ddd(40, 'mg', 'O'), 'C', use('chronic', 0.8, 'elderly', 0.42, 1.2, { blue: ANGINA }), [
    pr('Imdur', 'depottab', [30, 60], 'mg', stk(30, 98), [90, 270]),
    pr('Monoket OD', 'depotkaps', 50, 'mg', stk(20, 100), [80, 240]),
    pr('Ismo', 'tab', 20, 'mg', stk(100), [140, 140]),
  ]),
  sub('C01EB17', 'Ivabradine', 'Ivabradin', ddd(10, 'mg', 'O'), 'C', use('chronic', 0.05, 'olderAdults', 0.45, 1.2, { blue: HF }), [
    pr('Procoralan', 'tab', [5, 7.5], 'mg', stk(56, 112), [420, 820]),
  ]),
  sub('C02AC01', 'Clonidine', 'Klonidin', ddd(0.45, 'mg', 'O'), 'C', use('chronic', 0.15, 'all', 0.4, 1.1), [
    pr('Catapresan', 'tab', [0.025, 0.075], 'mg', stk(100), [110, 160]),
  ]),
  sub('C02CA04', 'Doxazosin', 'Doksazosin', ddd(4, 'mg', 'O'), 'C', use('chronic', 0.5, 'olderAdults', 0.3, 1.2, { blue: blue(0.9, ['K86', 'Y85'], ['I10', 'N40']) }), [
    pr(['Carduran Retard', '~Orifarm'], 'depottab', [4, 8], 'mg', stk(30, 100), [110, 380]),
  ]),
  sub('C03AA03', 'Hydrochlorothiazide', 'Hydroklortiazid', ddd(25, 'mg', 'O'), 'C', use('chronic', 0.2, 'elderly', 0.6, 1.2, { blue: HTN }), [
    pr('Esidrex', 'tab', 25, 'mg', stk(100), [90, 90]),
  ]),
  sub('C03BA11', 'Indapamide', 'Indapamid', ddd(2.5, 'mg', 'O'), 'C', use('chronic', 0.1, 'elderly', 0.6, 1.2, { blue: HTN }), [
    pr('Natrilix Retard', 'depottab', 1.5, 'mg', stk(30, 100), [90, 190]),
  ]),
  sub('C03CA01', 'Furosemide', 'Furosemid', [ddd(40, 'mg', 'O'), ddd(40, 'mg', 'P')], 'C', use('chronic', 2.5, 'elderly', 0.55, 1.3, { blue: blue(0.85, ['K77', 'K86'], ['I50', 'I10']), animal: { share: 0.02, species: ['dog', 'cat'] } }), [
    pr(['Furix', '~Orifarm'], 'tab', [20, 40], 'mg', stk(30, 100, 250), [45, 180]),
    pr('Lasix Retard', 'depotkaps', [30, 60], 'mg', stk(100), [160, 230]),
    pr('Furix', 'injOppl', 10, 'mg', [{ count: 10, size: 2, unit: 'ml' }], [150, 150]),
  ]),
  sub('C03CA02', 'Bumetanide', 'Bumetanid', ddd(1, 'mg', 'O'), 'C', use('chronic', 0.2, 'elderly', 0.5, 1.3, { blue: HF }), [
    pr('Burinex', 'tab', [1, 5], 'mg', stk(100), [110, 330]),
  ]),
  sub('C03DA01', 'Spironolactone', 'Spironolakton', ddd(75, 'mg', 'O'), 'C', use('chronic', 1.0, 'olderAdults', 0.55, 1.2, { blue: blue(0.85, ['K77', 'K86'], ['I50', 'I10']) }), [
    pr(['Spirix', '~Orifarm'], 'tab', [25, 50, 100], 'mg', stk(100), [95, 230]),
  ]),
  sub('C03DA04', 'Eplerenone', 'Eplerenon', ddd(50, 'mg', 'O'), 'C', use('chronic', 0.1, 'elderly', 0.35, 1.2, { blue: HF }), [
    pr(['Inspra', '~Krka'], 'tab', [25, 50], 'mg', stk(30, 90), [190, 520]),
  ]),
  sub('C07AA05', 'Propranolol', 'Propranolol', ddd(0.16, 'g', 'O'), 'C', use('chronic', 0.6, 'adults', 0.65, 1.1, { blue: blue(0.3, ['K86', 'N89'], ['I10', 'G43']) }), [
    pr('Pranolol', 'tab', [10, 40, 80], 'mg', stk(100), [65, 140]),
    pr('Inderal Retard', 'depotkaps', [80, 160], 'mg', stk(28, 100), [110, 330]),
  ]),
  sub('C07AA07', 'Sotalol', 'Sotalol', ddd(0.16, 'g', 'O'), 'C', use('chronic', 0.05, 'elderly', 0.4, 1.2, { blue: ARRHYTHMIA }), [
    pr('Sotacor', 'tab', [80, 160], 'mg', stk(100), [120, 220]),
  ]),
  sub('C07AB02', 'Metoprolol', 'Metoprolol', ddd(0.15, 'g', 'O'), 'C', use('chronic', 5.0, 'olderAdults', 0.52, 1.3, { blue: BETA }), [
    pr(['Selo-Zok', '~Sandoz', '~Orifarm', '~Hexal'], 'depottab', [25, 50, 100, 200], 'mg', stk(30, 100), [55, 320]),
  ]),
  sub('C07AB03', 'Atenolol', 'Atenolol', ddd(75, 'mg', 'O'), 'C', use('chronic', 0.5, 'elderly', 0.55, 1.2, { blue: BETA }), [
    pr(['Tenormin', '~Mylan'], 'tab', [25, 50, 100], 'mg', stk(100), [70, 150]),
  ]),
  sub('C07AB07', 'Bisoprolol', 'Bisoprolol', ddd(10, 'mg', 'O'), 'C', use('chronic', 1.5, 'elderly', 0.48, 1.2, { blue: BETA }), [
    pr(['Emconcor', '~Sandoz', '~Orifarm'], 'tab', [2.5, 5, 10], 'mg', stk(30, 100), [60, 200]),
  ]),
  sub('C07AB12', 'Nebivolol', 'Nebivolol', ddd(5, 'mg', 'O'), 'C', use('chronic', 0.1, 'olderAdults', 0.5, 1.2, { blue: BETA }), [
    pr('~Krka', 'tab', 5, 'mg', stk(28, 98), [120, 290]),
  ]),
  sub('C07AG02', 'Carvedilol', 'Karvedilol', ddd(37.5, 'mg', 'O'), 'C', use('chronic', 0.4, 'elderly', 0.38, 1.2, { blue: HF }), [
    pr(['~Sandoz', '~Orifarm'], 'tab', [3.125, 6.25, 12.5, 25], 'mg', stk(30, 100), [70, 210]),
  ]),
  sub('C08CA01', 'Amlodipine', 'Amlodipin', ddd(5, 'mg', 'O'), 'C', use('chronic', 5.5, 'olderAdults', 0.5, 1.3, { blue: HTN }), [
    pr(['Norvasc', '~Actavis', '~Sandoz', '~Orifarm', '~Bluefish'], 'tab', [5, 10], 'mg', stk(30, 100), [45, 210]),
  ]),
  sub('C08CA02', 'Felodipine', 'Felodipin', ddd(5, 'mg', 'O'), 'C', use('chronic', 0.6, 'elderly', 0.55, 1.2, { blue: HTN }), [
    pr(['Plendil', '~Sandoz'], 'depottab', [2.5, 5, 10], 'mg', stk(30, 100), [70, 280]),
  ]),
  sub('C08CA05', 'Nifedipine', 'Nifedipin', ddd(30, 'mg', 'O'), 'C', use('chronic', 0.3, 'elderly', 0.55, 1.2, { blue: HTN }), [
    pr('Adalat Oros', 'depottab', [30, 60], 'mg', stk(28, 98), [120, 420]),
  ]),
  sub('C08CA13', 'Lercanidipine', 'Lerkanidipin', ddd(10, 'mg', 'O'), 'C', use('chronic', 0.5, 'olderAdults', 0.55, 1.2, { blue: HTN }), [
    pr(['Zanidip', '~Actavis'], 'tab', [10, 20], 'mg', stk(28, 98), [90, 280]),
  ]),
  sub('C08DA01', 'Verapamil', 'Verapamil', ddd(0.24, 'g', 'O'), 'C', use('chronic', 0.2, 'elderly', 0.55, 1.2, { blue: ARRHYTHMIA }), [
    pr('Isoptin Retard', 'depottab', [120, 240], 'mg', stk(30, 100), [110, 320]),
  ]),
  sub('C08DB01', 'Diltiazem', 'Diltiazem', ddd(0.24, 'g', 'O'), 'C', use('chronic', 0.3, 'elderly', 0.5, 1.2, { blue: ANGINA }), [
    pr('Cardizem Uno', 'depotkaps', [180, 240, 300], 'mg', stk(28, 100), [150, 520]),
  ]),
  sub('C09AA01', 'Captopril', 'Kaptopril', ddd(50, 'mg', 'O'), 'C', use('chronic', 0.02, 'elderly', 0.5, 1.1, { blue: HTN }), [
    pr('~Actavis', 'tab', [25, 50], 'mg', stk(100), [110, 160]),
  ]),
  sub('C09AA02', 'Enalapril', 'Enalapril', ddd(10, 'mg', 'O'), 'C', use('chronic', 0.8, 'elderly', 0.45, 1.2, { blue: HTN }), [
    pr(['Renitec', '~Sandoz'], 'tab', [5, 10, 20], 'mg', stk(28, 98), [60, 220]),
  ]),
  sub('C09AA03', 'Lisinopril', 'Lisinopril', ddd(10, 'mg', 'O'), 'C', use('chronic', 0.4, 'elderly', 0.45, 1.2, { blue: HTN }), [
    pr(['Zestril', '~Mylan'], 'tab', [5, 10, 20], 'mg', stk(28, 98), [60, 220]),
  ]),
  sub('C09AA05', 'Ramipril', 'Ramipril', ddd(2.5, 'mg', 'O'), 'C', use('chronic', 1.5, 'olderAdults', 0.38, 1.2, { blue: blue(0.9, ['K86', 'K75', 'K77'], ['I10', 'I21', 'I50']) }), [
    pr(['Triatec', '~Actavis', '~Sandoz'], 'tab', [2.5, 5, 10], 'mg', stk(28, 100), [55, 240]),
  ]),
  sub('C09BA02', 'Enalapril and diuretics', 'Enalapril og diuretika', null, 'C', use('chronic', 0.1, 'elderly', 0.5, 1.2, { blue: HTN }), [
    pr('Renitec Comp', 'tab', [[20, 12.5]], 'mg', stk(28, 98), [110, 300]),
  ], { components: [comp('Enalapril', 'Enalapril'), HCT], dddNote: 'Combination: WHO DDD is expressed in UD; null' }),
  sub('C09CA01', 'Losartan', 'Losartan', ddd(50, 'mg', 'O'), 'C', use('chronic', 3.5, 'olderAdults', 0.5, 1.3, { blue: HTN }), [
    pr(['Cozaar', '~Krka', '~Actavis', '~Orifarm'], 'tab', [12.5, 50, 100], 'mg', stk(28, 98), [60, 260]),
  ]),
  sub('C09CA03', 'Valsartan', 'Valsartan', ddd(80, 'mg', 'O'), 'C', use('chronic', 0.5, 'olderAdults', 0.5, 1.2, { blue: HTN }), [
    pr(['Diovan', '~Krka'], 'tab', [80, 160, 320], 'mg', stk(28, 98), [80, 320]),
  ]),
  sub('C09CA04', 'Irbesartan', 'Irbesartan', ddd(150, 'mg', 'O'), 'C', use('chronic', 0.6, 'olderAdults', 0.5, 1.2, { blue: HTN }), [
    pr(['Aprovel', '~Zentiva'], 'tab', [150, 300], 'mg', stk(28, 98), [80, 300]),
  ]),
  sub('C09CA06', 'Candesartan', 'Kandesartan', ddd(8, 'mg', 'O'), 'C', use('chronic', 3.0, 'olderAdults', 0.5, 1.3, { blue: HTN }), [
    pr(['Atacand', '~Sandoz', '~Krka', '~Orifarm'], 'tab', [4, 8, 16, 32], 'mg', stk(28, 98), [60, 330]),
  ]),
  sub('C09CA07', 'Telmisartan', 'Telmisartan', ddd(40, 'mg', 'O'), 'C', use('chronic', 0.4, 'olderAdults', 0.5, 1.2, { blue: HTN }), [
    pr(['Micardis', '~Actavis'], 'tab', [40, 80], 'mg', stk(28, 98), [90, 300]),
  ]),
  sub('C09CA08', 'Olmesartan medoxomil', 'Olmesartanmedoksomil', ddd(20, 'mg', 'O'), 'C', use('chronic', 0.3, 'olderAdults', 0.5, 1.2, { blue: HTN }), [
    pr('Olmetec', 'tab', [10, 20, 40], 'mg', stk(28, 98), [100, 340]),
  ]),
  sub('C09DA01', 'Losartan and diuretics', 'Losartan og diuretika', null, 'C', use('chronic', 2.0, 'olderAdults', 0.55, 1.3, { blue: HTN }), [
    pr(['Cozaar Comp', 'Losartan/Hydroklortiazid Krka'], 'tab', [[50, 12.5], [100, 12.5], [100, 25]], 'mg', stk(28, 98), [80, 310]),
  ], { components: [comp('Losartan', 'Losartan'), HCT], dddNote: 'Combination: WHO DDD is expressed in UD; null' }),
  sub('C09DA06', 'Candesartan and diuretics', 'Kandesartan og diuretika', null, 'C', use('chronic', 1.5, 'olderAdults', 0.55, 1.3, { blue: HTN }), [
    pr(['Atacand Plus', 'Kandesartan/Hydroklortiazid Sandoz'], 'tab', [[16, 12.5], [32, 12.5], [32, 25]], 'mg', stk(28, 98), [90, 360]),
  ], { components: [comp('Candesartan', 'Kandesartan'), HCT], dddNote: 'Combination: WHO DDD is expressed in UD; null' }),
  sub('C09DB01', 'Valsartan and amlodipine', 'Valsartan og amlodipin', null, 'C', use('chronic', 0.2, 'olderAdults', 0.5, 1.2, { blue: HTN }), [
    pr('Exforge', 'tab', [[160, 5], [160, 10]], 'mg', stk(28, 98), [180, 520]),
  ], { components: [comp('Valsartan', 'Valsartan'), comp('Amlodipine', 'Amlodipin')], dddNote: 'Combination: WHO DDD is expressed in UD; null' }),
  sub('C09DX04', 'Valsartan and sacubitril', 'Valsartan og sakubitril', null, 'C', use('chronic', 0.3, 'elderly', 0.3, 1.3, { blue: HF }), [
    pr('Entresto', 'tab', [[26, 24], [51, 49], [103, 97]], 'mg', stk(28, 56, 168), [340, 1900]),
  ], { components: [comp('Valsartan', 'Valsartan'), comp('Sacubitril', 'Sakubitril')], dddNote: 'WHO DDD for the combination not recalled with confidence; null' }),
  sub('C10AA01', 'Simvastatin', 'Simvastatin', ddd(30, 'mg', 'O'), 'C', use('chronic', 3.5, 'olderAdults', 0.45, 1.3, { blue: LIPIDS }), [
    pr(['Zocor', '~Krka', '~Orifarm', '~Sandoz', '~Bluefish'], 'tab', [10, 20, 40, 80], 'mg', stk(28, 100), [45, 230]),
  ]),
  sub('C10AA02', 'Lovastatin', 'Lovastatin', ddd(45, 'mg', 'O'), 'C', use('chronic', 0.01, 'olderAdults', 0.45, 1.2, { blue: LIPIDS }), [
    pr('Mevacor', 'tab', [20, 40], 'mg', stk(100), [220, 380]),
  ]),
  sub('C10AA03', 'Pravastatin', 'Pravastatin', ddd(30, 'mg', 'O'), 'C', use('chronic', 0.3, 'olderAdults', 0.5, 1.2, { blue: LIPIDS }), [
    pr(['Pravachol', '~Orifarm'], 'tab', [20, 40], 'mg', stk(30, 100), [80, 270]),
  ]),
  sub('C10AA04', 'Fluvastatin', 'Fluvastatin', ddd(60, 'mg', 'O'), 'C', use('chronic', 0.05, 'olderAdults', 0.5, 1.2, { blue: LIPIDS }), [
    pr('Lescol', 'depottab', 80, 'mg', stk(28, 98), [180, 480]),
  ]),
  sub('C10AA05', 'Atorvastatin', 'Atorvastatin', ddd(20, 'mg', 'O'), 'C', use('chronic', 5.5, 'olderAdults', 0.42, 1.3, { blue: LIPIDS }), [
    pr(['Lipitor', '~Krka', '~Sandoz', '~Orifarm', '~Teva', '~Pfizer'], 'tab', [10, 20, 40, 80], 'mg', stk(30, 100), [50, 290]),
  ]),
  sub('C10AA07', 'Rosuvastatin', 'Rosuvastatin', ddd(10, 'mg', 'O'), 'C', use('chronic', 1.8, 'olderAdults', 0.45, 1.3, { blue: LIPIDS }), [
    pr(['Crestor', '~Krka', '~Teva'], 'tab', [5, 10, 20, 40], 'mg', stk(28, 98), [60, 310]),
  ]),
  sub('C10AB04', 'Gemfibrozil', 'Gemfibrozil', ddd(1.2, 'g', 'O'), 'C', use('chronic', 0.01, 'olderAdults', 0.35, 1.2, { blue: LIPIDS }), [
    pr('Lopid', 'tab', 600, 'mg', stk(60), [260, 260]),
  ]),
  sub('C10AB05', 'Fenofibrate', 'Fenofibrat', ddd(0.2, 'g', 'O'), 'C', use('chronic', 0.1, 'olderAdults', 0.35, 1.2, { blue: LIPIDS }), [
    pr('Lipanthyl', 'tab', [145, 160], 'mg', stk(30, 90), [190, 460]),
  ]),
  sub('C10AC01', 'Colestyramine', 'Kolestyramin', ddd(14, 'g', 'O'), 'C', use('chronic', 0.05, 'adults', 0.55, 1.3, { blue: LIPIDS }), [
    pr('Questran', 'pulvMikst', 4, 'g', stk(50), [560, 560]),
  ]),
  sub('C10AC04', 'Colesevelam', 'Kolesevelam', ddd(3.75, 'g', 'O'), 'C', use('chronic', 0.05, 'adults', 0.55, 1.3, { blue: LIPIDS }), [
    pr('Cholestagel', 'tab', 625, 'mg', stk(180), [1350, 1350]),
  ]),
  sub('C10AX09', 'Ezetimibe', 'Ezetimib', ddd(10, 'mg', 'O'), 'C', use('chronic', 1.0, 'olderAdults', 0.45, 1.2, { blue: LIPIDS }), [
    pr(['Ezetrol', '~Krka', '~Teva'], 'tab', 10, 'mg', stk(28, 98), [80, 290]),
  ]),
  sub('C10BA02', 'Simvastatin and ezetimibe', 'Simvastatin og ezetimib', null, 'C', use('chronic', 0.1, 'olderAdults', 0.45, 1.2, { blue: LIPIDS }), [
    pr('Inegy', 'tab', [[20, 10], [40, 10]], 'mg', stk(28, 98), [200, 620]),
  ], { components: [comp('Simvastatin', 'Simvastatin'), comp('Ezetimibe', 'Ezetimib')], dddNote: 'Combination: WHO DDD is expressed in UD; null' }),
];

