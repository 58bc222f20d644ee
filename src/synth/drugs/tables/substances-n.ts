/**
 * N (nervous system). Reseptgruppe follows Norwegian practice: strong opioids, stimulants, flunitrazepam,
 * clonazepam and phenobarbital are A; weak opioids (codeine combinations, tramadol), benzodiazepines and
 * z-hypnotics are B.
 */
import { blue, comp, ddd, dose, g, ml, pr, stk, sub, use, type Substance } from '../model.js';

const PALLIATIVE = blue(0.25, ['A01'], ['R52'], ['-90']);
const EPILEPSY = blue(0.95, ['N88'], ['G40']);
const MIGRAINE = blue(0.6, ['N89'], ['G43']);
const PARKINSON = blue(0.95, ['N87'], ['G20']);
const PSYCHOSIS = blue(0.9, ['P72', 'P73'], ['F20', 'F31']);
const DEPRESSION = blue(0.55, ['P76', 'P74'], ['F32', 'F33', 'F41']);
const ADHD = blue(0.95, ['P81'], ['F90']);
const DEMENTIA = blue(0.9, ['P70'], ['F00', 'G30']);
const DEPENDENCE = blue(0.2, ['P19'], ['F11']);

export const SUBSTANCES_N: readonly Substance[] = [
  sub('N01BB02', 'Lidocaine', 'Lidokain', null, 'C', use('asNeeded', 0.2, 'adults', 0.6, 1.0), [
    pr('Xylocain', 'salve', 50, 'mg', [g(35)], [95, 95], { rx: 'F' }),
    pr('Xylocain', 'gel', 20, 'mg', [g(30)], [110, 110]),
  ], { dddNote: 'Local anaesthetics have no DDD' }),
  sub('N01BB20', 'Combinations', 'Kombinasjoner', null, 'F', use('asNeeded', 0.3, 'children', 0.5, 1.0), [
    pr('EMLA', 'krem', [[25, 25]], 'mg', [g(5), g(30)], [70, 240]),
  ], { components: [comp('Lidocaine', 'Lidokain'), comp('Prilocaine', 'Prilokain')], dddNote: 'Local anaesthetics have no DDD' }),
  // ---------------------------------------------------------------- N02A opioids
  sub('N02AA01', 'Morphine', 'Morfin', [ddd(0.1, 'g', 'O'), ddd(30, 'mg', 'P'), ddd(30, 'mg', 'R')], 'A', use('chronic', 0.5, 'elderly', 0.55, 1.2, { blue: PALLIATIVE }), [
    pr('Dolcontin', 'depottab', [5, 10, 30, 60, 100], 'mg', stk(25, 100), [90, 900]),
    pr('Sevredol', 'tab', [10, 20], 'mg', stk(56), [160, 260]),
    pr('Oramorph', 'mikstOppl', 2, 'mg', [ml(100)], [140, 140]),
    pr('~Abcur', 'injOppl', [10, 20], 'mg', [ml(1, 10)], [130, 190]),
  ]),
  sub('N02AA03', 'Hydromorphone', 'Hydromorfon', [ddd(20, 'mg', 'O'), ddd(4, 'mg', 'P')], 'A', use('chronic', 0.05, 'elderly', 0.55, 1.2, { blue: PALLIATIVE }), [
    pr('Palladon', 'kaps', [1.3, 2.6], 'mg', stk(56), [220, 380]),
    pr('Palladon', 'depotkaps', [4, 8, 16], 'mg', stk(56), [380, 1300]),
    pr('Palladon', 'injOppl', 10, 'mg', [ml(1, 5)], [420, 420]),
  ]),
  sub('N02AA04', 'Nicomorphine', 'Nikomorfin', [ddd(30, 'mg', 'O'), ddd(30, 'mg', 'P'), ddd(30, 'mg', 'R')], 'A', use('acute', 0.01, 'elderly', 0.5, 1.0), [
    pr('Vilan', 'injOppl', 10, 'mg', [ml(1, 10)], [260, 260]),
    pr('Vilan', 'stikkpille', 10, 'mg', stk(10), [180, 180]),
  ]),
  sub('N02AA05', 'Oxycodone', 'Oksykodon', [ddd(75, 'mg', 'O'), ddd(30, 'mg', 'P')], 'A', use('acute', 2.5, 'olderAdults', 0.57, 1.1, { blue: PALLIATIVE }), [
    pr(['OxyNorm', '~Orifarm', '~Actavis'], 'kaps', [5, 10, 20], 'mg', stk(10, 28, 98), [60, 520]),
    pr(['OxyContin', 'Reltebon', '~Actavis'], 'depottab', [5, 10, 20, 40, 80], 'mg', stk(28, 98), [110, 1600]),
    pr(['~Orifarm', 'OxyNorm'], 'mikstOppl', 1, 'mg', [ml(250)], [260, 260]),
    pr('OxyNorm', 'injOppl', 10, 'mg', [ml(1, 5)], [230, 230]),
  ]),
  sub('N02AA08', 'Dihydrocodeine', 'Dihydrokodein', ddd(0.15, 'g', 'O'), 'B', use('chronic', 0.005, 'elderly', 0.55, 1.0), [
    pr('DHC Continus', 'depottab', [60, 90, 120], 'mg', stk(56), [320, 520]),
  ]),
  sub('N02AA55', 'Oxycodone and naloxone', 'Oksykodon og nalokson', ddd(75, 'mg', 'O'), 'A', use('chronic', 0.3, 'elderly', 0.58, 1.2, { blue: PALLIATIVE }), [
    pr(['Targiniq', '~Sandoz'], 'depottab', [[5, 2.5], [10, 5], [20, 10], [40, 20]], 'mg', stk(28, 98), [220, 2300]),
  ], { components: [comp('Oxycodone', 'Oksykodon'), comp('Naloxone', 'Nalokson')], dddNote: 'DDD refers to oxycodone (WHO: as for plain oxycodone)' }),
  sub('N02AB02', 'Pethidine', 'Petidin', [ddd(0.4, 'g', 'O'), ddd(0.4, 'g', 'P')], 'A', use('acute', 0.005, 'adults', 0.55, 1.0), [
    pr('~Takeda', 'injOppl', 50, 'mg', [ml(1, 10)], [240, 240]),
  ]),
  sub('N02AB03', 'Fentanyl', 'Fentanyl', ddd(1.2, 'mg', 'TD'), 'A', use('chronic', 0.3, 'elderly', 0.6, 1.1, { blue: PALLIATIVE }), [
    pr(['Durogesic', '~Sandoz', '~Orifarm'], 'depotplaster', [12, 25, 50, 75, 100], 'mcg', stk(5, 10), [220, 1500], { wearHours: 72 }),
  ], { dddNote: 'TD DDD is the amount delivered per 24 hours; patch strengths are release rates' }),
  sub('N02AE01', 'Buprenorphine', 'Buprenorfin', [ddd(1.2, 'mg', 'SL'), ddd(1.2, 'mg', 'P'), ddd(1.2, 'mg', 'TD')], 'A', use('chronic', 1.0, 'elderly', 0.7, 1.1, { blue: PALLIATIVE }), [
    pr(['Norspan', 'Butrans', '~Orion'], 'depotplaster', [5, 10, 15, 20], 'mcg', stk(4, 12), [250, 1600], { wearHours: 168 }),
    pr('Temgesic', 'sublingvaltab', [0.2, 0.4], 'mg', stk(10, 50), [90, 390]),
  ]),
  sub('N02AG02', 'Ketobemidone and antispasmodics', 'Ketobemidon og spasmolytika', null, 'A', use('acute', 0.05, 'adults', 0.55, 1.0), [
    pr('Ketogan', 'tab', 5, 'mg', stk(20, 50), [150, 320]),
    pr('Ketogan', 'stikkpille', 10, 'mg', stk(10), [180, 180]),
  ], { components: [comp('Ketobemidone', 'Ketobemidon')], dddNote: 'Combination with an antispasmodic: DDD not recalled with confidence; null' }),
  sub('N02AJ06', 'Codeine and paracetamol', 'Kodein og paracetamol', null, 'B', use('asNeeded', 6.5, 'adults', 0.57, 1.1, { blue: blue(0.05, ['L84', 'L03'], ['M54']) }), [
    pr('Paralgin forte', 'tab', [[30, 400]], 'mg', stk(10, 20, 30, 100), [50, 290]),
    pr('Pinex Forte', 'tab', [[30, 500]], 'mg', stk(10, 20, 30, 100), [50, 290]),
    pr('Paralgin forte', 'stikkpille', [[60, 800]], 'mg', stk(10), [110, 110]),
  ], { components: [comp('Codeine', 'Kodein'), comp('Paracetamol', 'Paracetamol')], dddNote: 'Combination: WHO DDD is expressed in UD; null' }),
  sub('N02AJ13', 'Tramadol and paracetamol', 'Tramadol og paracetamol', null, 'B', use('asNeeded', 0.2, 'adults', 0.6, 1.1), [
    pr('Zaldiar', 'tab', [[37.5, 325]], 'mg', stk(20, 60), [110, 260]),
  ], { components: [comp('Tramadol', 'Tramadol'), comp('Paracetamol', 'Paracetamol')], dddNote: 'Combination: WHO DDD is expressed in UD; null' }),
  sub('N02AX02', 'Tramadol', 'Tramadol', [ddd(0.3, 'g', 'O'), ddd(0.3, 'g', 'P'), ddd(0.3, 'g', 'R')], 'B', use('asNeeded', 4.0, 'adults', 0.56, 1.1, { animal: { share: 0.05, species: ['dog'] } }), [
    pr(['Nobligan', '~Actavis', '~Orifarm'], 'kaps', 50, 'mg', stk(20, 50, 100), [55, 210]),
    pr(['Nobligan Retard', 'Tramagetic OD'], 'depottab', [100, 150, 200], 'mg', stk(20, 100), [90, 380]),
    pr('Nobligan', 'draper', 100, 'mg', [ml(10)], [95, 95]),
  ]),
  sub('N02AX06', 'Tapentadol', 'Tapentadol', ddd(0.4, 'g', 'O'), 'A', use('chronic', 0.1, 'olderAdults', 0.6, 1.1, { blue: PALLIATIVE }), [
    pr('Palexia Depot', 'depottab', [50, 100, 150, 200, 250], 'mg', stk(30, 60), [320, 2300]),
  ]),
  // ---------------------------------------------------------------- N02B, N02C
  sub('N02BA01', 'Acetylsalicylic acid', 'Acetylsalisylsyre', ddd(3, 'g', 'O'), 'F', use('asNeeded', 0.1, 'adults', 0.55, 1.0), [
    pr(['Aspirin', 'Globoid'], 'tab', 500, 'mg', stk(20, 100), [45, 120]),
  ]),
  sub('N02BE01', 'Paracetamol', 'Paracetamol', [ddd(3, 'g', 'O'), ddd(3, 'g', 'R')], 'C', use('asNeeded', 11.0, 'all', 0.6, 1.3, { blue: blue(0.2, ['L84', 'L90', 'A01'], ['M54', 'M17']) }), [
    pr(['Paracet', 'Pinex', 'Panodil', '~Orifarm'], 'tab', [500, 1000], 'mg', stk(20, 50, 100), [35, 190], { otcMax: 20 }),
    pr('Paracet', 'mikstOppl', 24, 'mg', [ml(200)], [85, 85], { rx: 'F' }),
    pr('Paracet', 'stikkpille', [125, 250, 500, 1000], 'mg', stk(10), [50, 110], { rx: 'F' }),
    pr('Panodil', 'brusetab', 500, 'mg', stk(20), [60, 60], { rx: 'F' }),
  ]),
  sub('N02CC01', 'Sumatriptan', 'Sumatriptan', [ddd(50, 'mg', 'O'), ddd(20, 'mg', 'N'), ddd(6, 'mg', 'P')], 'C', use('asNeeded', 1.0, 'adults', 0.78, 1.3, { blue: MIGRAINE }), [
    pr(['Imigran', '~Orifarm', '~Teva'], 'tab', [50, 100], 'mg', stk(6, 12, 18), [80, 520]),
    pr('Imigran', 'nesespray', [10, 20], 'mg', [dose(2), dose(6)], [220, 540]),
    pr('Imigran', 'injOppl', 12, 'mg', [ml(0.5, 2)], [620, 620]),
  ]),
  sub('N02CC03', 'Zolmitriptan', 'Zolmitriptan', [ddd(2.5, 'mg', 'O'), ddd(2.5, 'mg', 'N')], 'C', use('asNeeded', 0.4, 'adults', 0.78, 1.3, { blue: MIGRAINE }), [
    pr('Zomig', 'tab', [2.5, 5], 'mg', stk(6, 18), [190, 620]),
    pr('Zomig Rapimelt', 'smeltetab', [2.5, 5], 'mg', stk(6, 18), [200, 640]),
    pr('Zomig', 'nesespray', 5, 'mg', [dose(6)], [560, 560]),
  ]),
  sub('N02CC04', 'Rizatriptan', 'Rizatriptan', ddd(10, 'mg', 'O'), 'C', use('asNeeded', 0.8, 'adults', 0.78, 1.3, { blue: MIGRAINE }), [
    pr(['Maxalt', '~Krka'], 'tab', [5, 10], 'mg', stk(6, 18), [80, 460]),
    pr('Maxalt Rapitab', 'smeltetab', 10, 'mg', stk(6, 18), [120, 520]),
  ]),
  sub('N02CC06', 'Eletriptan', 'Eletriptan', ddd(40, 'mg', 'O'), 'C', use('asNeeded', 0.3, 'adults', 0.78, 1.3, { blue: MIGRAINE }), [
    pr('Relpax', 'tab', [40, 80], 'mg', stk(6, 18), [210, 700]),
  ]),
  sub('N02CD01', 'Erenumab', 'Erenumab', null, 'C', use('chronic', 0.1, 'adults', 0.82, 1.0, { blue: MIGRAINE }), [
    pr('Aimovig', 'injOppl', 140, 'mg', [ml(1)], [4600, 4600]),
  ], { dddNote: 'WHO DDD for erenumab not recalled with confidence; null' }),
  // ---------------------------------------------------------------- N03 antiepileptics
  sub('N03AA02', 'Phenobarbital', 'Fenobarbital', ddd(0.1, 'g', 'O'), 'A', use('chronic', 0.02, 'adults', 0.5, 1.2, { blue: EPILEPSY, animal: { share: 0.3, species: ['dog', 'cat'] } }), [
    pr('Fenemal', 'tab', [15, 50, 100], 'mg', stk(100), [90, 180]),
  ]),
  sub('N03AB02', 'Phenytoin', 'Fenytoin', ddd(0.3, 'g', 'O'), 'C', use('chronic', 0.02, 'olderAdults', 0.5, 1.2, { blue: EPILEPSY }), [
    pr('Epinat', 'tab', [50, 100], 'mg', stk(100), [110, 150]),
  ]),
  sub('N03AE01', 'Clonazepam', 'Klonazepam', ddd(8, 'mg', 'O'), 'A', use('chronic', 0.15, 'adults', 0.5, 1.1, { blue: EPILEPSY }), [
    pr('Rivotril', 'tab', [0.5, 2], 'mg', stk(100), [90, 160]),
    pr('Rivotril', 'draper', 2.5, 'mg', [ml(10)], [120, 120]),
  ]),
  sub('N03AF01', 'Carbamazepine', 'Karbamazepin', ddd(1, 'g', 'O'), 'C', use('chronic', 0.3, 'olderAdults', 0.55, 1.2, { blue: blue(0.95, ['N88', 'N92'], ['G40', 'G50']) }), [
    pr('Tegretol', 'tab', 200, 'mg', stk(100), [120, 120]),
    pr('Tegretol Retard', 'depottab', [200, 400], 'mg', stk(100), [150, 260]),
  ]),
  sub('N03AF02', 'Oxcarbazepine', 'Okskarbazepin', ddd(1, 'g', 'O'), 'C', use('chronic', 0.1, 'adults', 0.5, 1.2, { blue: EPILEPSY }), [
    pr('Trileptal', 'tab', [150, 300, 600], 'mg', stk(50, 200), [190, 1300]),
  ]),
  sub('N03AG01', 'Valproic acid', 'Valproinsyre', ddd(1.5, 'g', 'O'), 'C', use('chronic', 0.3, 'adults', 0.45, 1.2, { blue: blue(0.95, ['N88', 'P73'], ['G40', 'F31']) }), [
    pr(['Orfiril', 'Deprakine'], 'enterotab', [150, 300], 'mg', stk(100), [90, 160]),
    pr('Orfiril Long', 'depottab', [500, 1000], 'mg', stk(100), [260, 480]),
    pr('Orfiril', 'mikstOppl', 60, 'mg', [ml(250)], [190, 190]),
  ]),
  sub('N03AX09', 'Lamotrigine', 'Lamotrigin', ddd(0.3, 'g', 'O'), 'C', use('chronic', 0.8, 'adults', 0.68, 1.2, { blue: blue(0.95, ['N88', 'P73'], ['G40', 'F31']) }), [
    pr(['Lamictal', '~Orifarm', '~Mylan'], 'tab', [25, 50, 100, 200], 'mg', stk(56, 98), [110, 900]),
    pr('Lamictal', 'disptab', [5, 25], 'mg', stk(30), [90, 140]),
  ]),
  sub('N03AX11', 'Topiramate', 'Topiramat', ddd(0.3, 'g', 'O'), 'C', use('chronic', 0.2, 'adults', 0.7, 1.2, { blue: blue(0.9, ['N88', 'N89'], ['G40', 'G43']) }), [
    pr(['Topimax', '~Orifarm'], 'tab', [25, 50, 100], 'mg', stk(60), [190, 650]),
    pr('Topimax', 'kaps', [15, 25], 'mg', stk(60), [220, 300]),
  ]),
  sub('N03AX12', 'Gabapentin', 'Gabapentin', ddd(1.8, 'g', 'O'), 'C', use('chronic', 1.2, 'olderAdults', 0.62, 1.2, { blue: EPILEPSY, animal: { share: 0.1, species: ['dog', 'cat'] } }), [
    pr(['Neurontin', '~Orifarm', '~Sandoz'], 'kaps', [100, 300, 400], 'mg', stk(100), [110, 420]),
    pr('Neurontin', 'tab', [600, 800], 'mg', stk(100), [450, 620]),
  ]),
  sub('N03AX14', 'Levetiracetam', 'Levetiracetam', ddd(1.5, 'g', 'O'), 'C', use('chronic', 0.3, 'adults', 0.5, 1.2, { blue: EPILEPSY, animal: { share: 0.1, species: ['dog'] } }), [
    pr(['Keppra', '~Sandoz', '~Accord'], 'tab', [250, 500, 750, 1000], 'mg', stk(60, 200), [150, 1300]),
    pr('Keppra', 'mikstOppl', 100, 'mg', [ml(300)], [520, 520]),
  ]),
  sub('N03AX16', 'Pregabalin', 'Pregabalin', ddd(0.3, 'g', 'O'), 'C', use('chronic', 2.0, 'adults', 0.62, 1.2, { blue: blue(0.3, ['N88', 'P74'], ['G40', 'F41']) }), [
    pr(['Lyrica', '~Krka', '~Sandoz', '~Orifarm'], 'kaps', [25, 75, 150, 300], 'mg', stk(56, 84), [70, 620]),
  ]),
  sub('N03AX18', 'Lacosamide', 'Lakosamid', ddd(0.3, 'g', 'O'), 'C', use('chronic', 0.05, 'adults', 0.5, 1.2, { blue: EPILEPSY }), [
    pr(['Vimpat', '~Teva'], 'tab', [50, 100, 150, 200], 'mg', stk(56, 168), [300, 2400]),
  ]),
  // ---------------------------------------------------------------- N04 antiparkinson
  sub('N04BA02', 'Levodopa and decarboxylase inhibitor', 'Levodopa og dekarboksylasehemmer', ddd(0.6, 'g', 'O'), 'C', use('chronic', 0.3, 'elderly', 0.42, 1.3, { blue: PARKINSON }), [
    pr('Sinemet', 'tab', [[100, 25], [250, 25]], 'mg', stk(100), [160, 290]),
    pr('Madopar', 'kaps', [[100, 25], [200, 50]], 'mg', stk(100), [180, 320]),
  ], { components: [comp('Levodopa', 'Levodopa'), comp('Decarboxylase inhibitor', 'Dekarboksylasehemmer')], dddNote: 'DDD refers to levodopa' }),
  sub('N04BC04', 'Ropinirole', 'Ropinirol', ddd(6, 'mg', 'O'), 'C', use('chronic', 0.3, 'olderAdults', 0.6, 1.2, { blue: blue(0.8, ['N87', 'N99'], ['G20', 'G25']) }), [
    pr(['Requip', 'Adartrel'], 'tab', [0.25, 0.5, 1, 2], 'mg', stk(21, 84), [110, 680]),
    pr('Requip Depot', 'depottab', [2, 4, 8], 'mg', stk(28, 84), [290, 1900]),
  ]),
  sub('N04BC05', 'Pramipexole', 'Pramipeksol', ddd(2.5, 'mg', 'O'), 'C', use('chronic', 0.4, 'olderAdults', 0.58, 1.2, { blue: blue(0.8, ['N87', 'N99'], ['G20', 'G25']) }), [
    pr(['Sifrol', '~Orifarm'], 'tab', [0.088, 0.18, 0.35, 0.7], 'mg', stk(30, 100), [90, 560]),
    pr('Sifrol', 'depottab', [0.26, 0.52, 1.05, 2.1], 'mg', stk(30, 100), [220, 1700]),
  ]),
  sub('N04BD01', 'Selegiline', 'Selegilin', ddd(5, 'mg', 'O'), 'C', use('chronic', 0.01, 'elderly', 0.45, 1.2, { blue: PARKINSON }), [
    pr('Eldepryl', 'tab', [5, 10], 'mg', stk(100), [260, 420]),
  ]),
  sub('N04BD02', 'Rasagiline', 'Rasagilin', ddd(1, 'mg', 'O'), 'C', use('chronic', 0.05, 'elderly', 0.42, 1.2, { blue: PARKINSON }), [
    pr(['Azilect', '~Krka'], 'tab', 1, 'mg', stk(28, 100), [190, 620]),
  ]),
  // ---------------------------------------------------------------- N05A antipsychotics
  sub('N05AA02', 'Levomepromazine', 'Levomepromazin', ddd(0.3, 'g', 'O'), 'C', use('chronic', 0.5, 'elderly', 0.55, 1.1, { blue: PSYCHOSIS }), [
    pr('Nozinan', 'tab', [5, 25, 50, 100], 'mg', stk(100), [80, 290]),
    pr('Nozinan', 'injOppl', 25, 'mg', [ml(1, 10)], [320, 320]),
  ]),
  sub('N05AD01', 'Haloperidol', 'Haloperidol', ddd(8, 'mg', 'O'), 'C', use('chronic', 0.2, 'elderly', 0.5, 1.1, { blue: PSYCHOSIS }), [
    pr('Haldol', 'tab', [1, 5], 'mg', stk(100), [90, 190]),
    pr('Haldol', 'draper', 2, 'mg', [ml(30)], [150, 150]),
  ]),
  sub('N05AF05', 'Zuclopenthixol', 'Zuklopentiksol', ddd(30, 'mg', 'O'), 'C', use('chronic', 0.1, 'adults', 0.4, 1.2, { blue: PSYCHOSIS }), [
    pr('Cisordinol', 'tab', [2, 10, 25], 'mg', stk(100), [110, 520]),
  ]),
  sub('N05AH02', 'Clozapine', 'Klozapin', ddd(0.3, 'g', 'O'), 'C', use('chronic', 0.05, 'adults', 0.35, 1.2, { blue: PSYCHOSIS }), [
    pr('Leponex', 'tab', [25, 100], 'mg', stk(100), [190, 560]),
  ]),
  sub('N05AH03', 'Olanzapine', 'Olanzapin', ddd(10, 'mg', 'O'), 'C', use('chronic', 0.8, 'adults', 0.5, 1.2, { blue: PSYCHOSIS }), [
    pr(['Zyprexa', '~Krka', '~Orifarm'], 'tab', [2.5, 5, 10, 15, 20], 'mg', stk(28, 98), [70, 620]),
    pr('Zyprexa Velotab', 'smeltetab', [5, 10, 15, 20], 'mg', stk(28, 98), [180, 1100]),
  ]),
  sub('N05AH04', 'Quetiapine', 'Kvetiapin', ddd(0.4, 'g', 'O'), 'C', use('chronic', 1.5, 'adults', 0.6, 1.2, { blue: PSYCHOSIS }), [
    pr(['Seroquel', '~Accord', '~Krka'], 'tab', [25, 100, 200, 300], 'mg', stk(30, 100), [60, 420]),
    pr('Seroquel Depot', 'depottab', [50, 200, 300, 400], 'mg', stk(60, 100), [190, 980]),
  ]),
  sub('N05AN01', 'Lithium', 'Litium', ddd(24, 'mmol', 'O'), 'C', use('chronic', 0.15, 'adults', 0.6, 1.3, { blue: blue(0.95, ['P73'], ['F31']) }), [
    pr('Lithionit', 'depottab', 6, 'mmol', stk(100), [110, 110]),
  ]),
  sub('N05AX08', 'Risperidone', 'Risperidon', ddd(5, 'mg', 'O'), 'C', use('chronic', 0.4, 'elderly', 0.5, 1.2, { blue: PSYCHOSIS }), [
    pr(['Risperdal', '~Orifarm'], 'tab', [0.5, 1, 2, 4], 'mg', stk(20, 60, 100), [60, 520]),
    pr('Risperdal', 'mikstOppl', 1, 'mg', [ml(100)], [390, 390]),
  ]),
  sub('N05AX12', 'Aripiprazole', 'Aripiprazol', ddd(15, 'mg', 'O'), 'C', use('chronic', 0.5, 'youngAdults', 0.55, 1.2, { blue: PSYCHOSIS }), [
    pr(['Abilify', '~Krka', '~Sandoz'], 'tab', [5, 10, 15, 30], 'mg', stk(28, 98), [90, 1200]),
  ]),
  sub('N05AX13', 'Paliperidone', 'Paliperidon', ddd(6, 'mg', 'O'), 'C', use('chronic', 0.05, 'adults', 0.4, 1.2, { blue: PSYCHOSIS }), [
    pr('Invega', 'depottab', [3, 6, 9], 'mg', stk(28), [620, 980]),
  ]),
  // ---------------------------------------------------------------- N05B anxiolytics, N05C hypnotics
  sub('N05BA01', 'Diazepam', 'Diazepam', [ddd(10, 'mg', 'O'), ddd(10, 'mg', 'P'), ddd(10, 'mg', 'R')], 'B', use('asNeeded', 4.0, 'adults', 0.6, 1.1, { animal: { share: 0.03, species: ['dog', 'cat', 'horse'] } }), [
    pr(['Valium', 'Vival', 'Stesolid'], 'tab', [2, 5, 10], 'mg', stk(25, 100), [45, 140]),
    pr('Stesolid', 'rektalvaeske', [5, 10], 'mg', stk(5), [190, 220]),
  ]),
  sub('N05BA02', 'Chlordiazepoxide', 'Klordiazepoksid', ddd(30, 'mg', 'O'), 'B', use('acute', 0.02, 'adults', 0.35, 1.0), [
    pr('Risolid', 'kaps', [10, 25], 'mg', stk(25, 100), [60, 150]),
  ]),
  sub('N05BA04', 'Oxazepam', 'Oksazepam', ddd(50, 'mg', 'O'), 'B', use('asNeeded', 2.5, 'olderAdults', 0.62, 1.1), [
    pr(['Sobril', 'Alopam'], 'tab', [10, 15, 25], 'mg', stk(25, 100), [45, 150]),
  ]),
  sub('N05BA06', 'Lorazepam', 'Lorazepam', ddd(2.5, 'mg', 'O'), 'B', use('asNeeded', 0.02, 'adults', 0.6, 1.0), [
    pr('~Orifarm', 'tab', [1, 2.5], 'mg', stk(25), [80, 110]),
  ]),
  sub('N05BA08', 'Bromazepam', 'Bromazepam', ddd(10, 'mg', 'O'), 'B', use('asNeeded', 0.01, 'adults', 0.6, 1.0), [
    pr('Lexotan', 'tab', [3, 6], 'mg', stk(30), [90, 120]),
  ]),
  sub('N05BA09', 'Clobazam', 'Klobazam', ddd(20, 'mg', 'O'), 'B', use('chronic', 0.05, 'adults', 0.5, 1.1, { blue: EPILEPSY }), [
    pr('Frisium', 'tab', 10, 'mg', stk(30, 100), [90, 190]),
  ]),
  sub('N05BA12', 'Alprazolam', 'Alprazolam', ddd(1, 'mg', 'O'), 'B', use('asNeeded', 0.7, 'adults', 0.62, 1.1), [
    pr('Xanor', 'tab', [0.25, 0.5, 1], 'mg', stk(100), [80, 220]),
    pr('Xanor Depot', 'depottab', [0.5, 1, 2, 3], 'mg', stk(60), [160, 420]),
  ]),
  sub('N05BB01', 'Hydroxyzine', 'Hydroksyzin', ddd(75, 'mg', 'O'), 'C', use('asNeeded', 0.8, 'all', 0.6, 1.1), [
    pr('Atarax', 'tab', [10, 25], 'mg', stk(30, 100), [60, 160]),
  ]),
  sub('N05BE01', 'Buspirone', 'Buspiron', ddd(30, 'mg', 'O'), 'C', use('chronic', 0.05, 'adults', 0.6, 1.1), [
    pr('~Mylan', 'tab', [5, 10], 'mg', stk(100), [140, 220]),
  ]),
  sub('N05CD02', 'Nitrazepam', 'Nitrazepam', ddd(5, 'mg', 'O'), 'B', use('chronic', 0.3, 'elderly', 0.65, 1.1), [
    pr(['Mogadon', 'Apodorm'], 'tab', 5, 'mg', stk(20, 100), [55, 130]),
  ]),
  sub('N05CD03', 'Flunitrazepam', 'Flunitrazepam', ddd(1, 'mg', 'O'), 'A', use('chronic', 0.01, 'elderly', 0.6, 1.0), [
    pr(['Flunipam', 'Rohypnol'], 'tab', [0.5, 1], 'mg', stk(30), [70, 90]),
  ]),
  sub('N05CD05', 'Triazolam', 'Triazolam', ddd(0.25, 'mg', 'O'), 'B', use('asNeeded', 0.02, 'elderly', 0.6, 1.0), [
    pr('Halcion', 'tab', [0.125, 0.25], 'mg', stk(10, 30), [60, 110]),
  ]),
  sub('N05CD08', 'Midazolam', 'Midazolam', [ddd(15, 'mg', 'O'), ddd(15, 'mg', 'P')], 'B', use('asNeeded', 0.03, 'children', 0.45, 1.0), [
    pr('Buccolam', 'munnhule', [2.5, 5, 7.5, 10], 'mg', stk(4), [750, 850]),
    pr('~Accord', 'injOppl', [1, 5], 'mg', [ml(5, 10)], [220, 380]),
  ]),
  sub('N05CF01', 'Zopiclone', 'Zopiklon', ddd(7.5, 'mg', 'O'), 'B', use('chronic', 5.0, 'olderAdults', 0.62, 1.2), [
    pr(['Imovane', '~Orifarm', '~Actavis', '~Mylan'], 'tab', [5, 7.5], 'mg', stk(10, 30, 100), [45, 230]),
  ]),
  sub('N05CF02', 'Zolpidem', 'Zolpidem', ddd(10, 'mg', 'O'), 'B', use('chronic', 0.8, 'olderAdults', 0.62, 1.2), [
    pr(['Stilnoct', '~Dune', '~Mylan'], 'tab', [5, 10], 'mg', stk(10, 30, 100), [50, 260]),
  ]),
  sub('N05CF03', 'Zaleplon', 'Zaleplon', ddd(10, 'mg', 'O'), 'B', use('asNeeded', 0.005, 'adults', 0.6, 1.0), [
    pr('Sonata', 'kaps', [5, 10], 'mg', stk(10, 30), [70, 170]),
  ]),
  sub('N05CH01', 'Melatonin', 'Melatonin', ddd(2, 'mg', 'O'), 'C', use('chronic', 2.5, 'all', 0.55, 1.2, { blue: blue(0.4, ['P81', 'P06'], ['F90', 'G47']) }), [
    pr('Circadin', 'depottab', 2, 'mg', stk(30), [190, 190]),
    pr(['Melatonin AGB', 'Melatonin Orifarm'], 'tab', [1, 2, 3, 5], 'mg', stk(30, 100), [90, 320]),
  ]),
  // ---------------------------------------------------------------- N06A antidepressants
  sub('N06AA04', 'Clomipramine', 'Klomipramin', ddd(0.1, 'g', 'O'), 'C', use('chronic', 0.05, 'adults', 0.6, 1.2, { blue: DEPRESSION }), [
    pr('Anafranil', 'tab', [10, 25], 'mg', stk(30, 100), [80, 190]),
  ]),
  sub('N06AA09', 'Amitriptyline', 'Amitriptylin', ddd(75, 'mg', 'O'), 'C', use('chronic', 1.5, 'olderAdults', 0.68, 1.2, { blue: DEPRESSION }), [
    pr(['Sarotex', 'Amitriptylin Abcur'], 'tab', [10, 25, 50], 'mg', stk(30, 100), [50, 190]),
  ]),
  sub('N06AA10', 'Nortriptyline', 'Nortriptylin', ddd(75, 'mg', 'O'), 'C', use('chronic', 0.1, 'olderAdults', 0.65, 1.2, { blue: DEPRESSION }), [
    pr('Noritren', 'tab', [10, 25], 'mg', stk(100), [110, 160]),
  ]),
  sub('N06AB03', 'Fluoxetine', 'Fluoksetin', ddd(20, 'mg', 'O'), 'C', use('chronic', 0.4, 'youngAdults', 0.7, 1.2, { blue: DEPRESSION }), [
    pr(['Fontex', '~Mylan'], 'kaps', 20, 'mg', stk(30, 100), [70, 210]),
    pr('Fontex', 'disptab', 20, 'mg', stk(30), [90, 90]),
  ]),
  sub('N06AB04', 'Citalopram', 'Citalopram', ddd(20, 'mg', 'O'), 'C', use('chronic', 0.8, 'olderAdults', 0.68, 1.2, { blue: DEPRESSION }), [
    pr(['Cipramil', '~Orifarm', '~Sandoz'], 'tab', [10, 20, 30, 40], 'mg', stk(28, 98), [50, 250]),
  ]),
  sub('N06AB05', 'Paroxetine', 'Paroksetin', ddd(20, 'mg', 'O'), 'C', use('chronic', 0.4, 'adults', 0.68, 1.2, { blue: DEPRESSION }), [
    pr(['Seroxat', '~Mylan'], 'tab', 20, 'mg', stk(30, 100), [70, 220]),
  ]),
  sub('N06AB06', 'Sertraline', 'Sertralin', ddd(50, 'mg', 'O'), 'C', use('chronic', 2.2, 'youngAdults', 0.68, 1.2, { blue: DEPRESSION }), [
    pr(['Zoloft', '~Teva', '~Orifarm', '~Sandoz'], 'tab', [25, 50, 100], 'mg', stk(30, 98), [50, 290]),
  ]),
  sub('N06AB10', 'Escitalopram', 'Escitalopram', ddd(10, 'mg', 'O'), 'C', use('chronic', 2.8, 'adults', 0.66, 1.2, { blue: DEPRESSION }), [
    pr(['Cipralex', '~Krka', '~Orifarm', '~Teva'], 'tab', [5, 10, 15, 20], 'mg', stk(28, 98), [50, 320]),
  ]),
  sub('N06AG02', 'Moclobemide', 'Moklobemid', ddd(0.3, 'g', 'O'), 'C', use('chronic', 0.02, 'adults', 0.6, 1.2, { blue: DEPRESSION }), [
    pr('Aurorix', 'tab', [150, 300], 'mg', stk(100), [260, 420]),
  ]),
  sub('N06AX03', 'Mianserin', 'Mianserin', ddd(60, 'mg', 'O'), 'C', use('chronic', 0.1, 'elderly', 0.65, 1.2, { blue: DEPRESSION }), [
    pr(['Tolvon', '~Mylan'], 'tab', [10, 30], 'mg', stk(30, 100), [80, 260]),
  ]),
  sub('N06AX05', 'Trazodone', 'Trazodon', ddd(0.3, 'g', 'O'), 'C', use('chronic', 0.05, 'adults', 0.6, 1.2), [
    pr('~Aristo', 'tab', [50, 100], 'mg', stk(30, 100), [90, 260]),
  ]),
  sub('N06AX11', 'Mirtazapine', 'Mirtazapin', ddd(30, 'mg', 'O'), 'C', use('chronic', 1.8, 'elderly', 0.62, 1.2, { blue: DEPRESSION, animal: { share: 0.03, species: ['cat'] } }), [
    pr(['Remeron', '~Orifarm', '~Sandoz'], 'tab', [15, 30, 45], 'mg', stk(30, 100), [50, 330]),
    pr('Remeron S', 'smeltetab', [15, 30, 45], 'mg', stk(30, 96), [90, 400]),
  ]),
  sub('N06AX12', 'Bupropion', 'Bupropion', ddd(0.3, 'g', 'O'), 'C', use('chronic', 0.8, 'adults', 0.6, 1.2, { blue: DEPRESSION }), [
    pr(['Wellbutrin Retard', '~Orifarm'], 'depottab', [150, 300], 'mg', stk(30, 90), [180, 720]),
  ]),
  sub('N06AX16', 'Venlafaxine', 'Venlafaksin', ddd(0.1, 'g', 'O'), 'C', use('chronic', 0.9, 'adults', 0.68, 1.2, { blue: DEPRESSION }), [
    pr(['Efexor Depot', '~Krka', '~Orifarm'], 'depotkaps', [37.5, 75, 150], 'mg', stk(28, 100), [60, 520]),
  ]),
  sub('N06AX21', 'Duloxetine', 'Duloksetin', ddd(60, 'mg', 'O'), 'C', use('chronic', 0.8, 'adults', 0.7, 1.2, { blue: DEPRESSION }), [
    pr(['Cymbalta', '~Krka', '~Teva'], 'enterokaps', [30, 60], 'mg', stk(28, 98), [90, 520]),
  ]),
  sub('N06AX22', 'Agomelatine', 'Agomelatin', ddd(25, 'mg', 'O'), 'C', use('chronic', 0.1, 'adults', 0.65, 1.2, { blue: DEPRESSION }), [
    pr('Valdoxan', 'tab', 25, 'mg', stk(28, 98), [290, 960]),
  ]),
  sub('N06AX26', 'Vortioxetine', 'Vortioksetin', ddd(10, 'mg', 'O'), 'C', use('chronic', 0.5, 'adults', 0.66, 1.2, { blue: DEPRESSION }), [
    pr('Brintellix', 'tab', [5, 10, 20], 'mg', stk(28, 98), [380, 1400]),
  ]),
  // ---------------------------------------------------------------- N06B psychostimulants, N06D antidementia
  sub('N06BA01', 'Amfetamine', 'Amfetamin', ddd(15, 'mg', 'O'), 'A', use('chronic', 0.2, 'youngAdults', 0.45, 1.3, { blue: ADHD }), [
    pr('~Recip', 'tab', [5, 10], 'mg', stk(100), [290, 490]),
  ]),
  sub('N06BA02', 'Dexamfetamine', 'Deksamfetamin', ddd(15, 'mg', 'O'), 'A', use('chronic', 0.1, 'youngAdults', 0.45, 1.3, { blue: ADHD }), [
    pr('Attentin', 'tab', [5, 10, 20], 'mg', stk(30, 100), [260, 1300]),
  ]),
  sub('N06BA04', 'Methylphenidate', 'Metylfenidat', ddd(30, 'mg', 'O'), 'A', use('chronic', 1.4, 'youngAdults', 0.45, 1.3, { blue: ADHD }), [
    pr('Ritalin', 'tab', 10, 'mg', stk(30, 100), [90, 260]),
    pr(['Ritalin', 'Medikinet', 'Equasym Depot'], 'depotkaps', [10, 20, 30, 40], 'mg', stk(30), [240, 620]),
    pr(['Concerta', '~Sandoz'], 'depottab', [18, 27, 36, 54], 'mg', stk(30), [260, 620]),
  ]),
  sub('N06BA09', 'Atomoxetine', 'Atomoksetin', ddd(80, 'mg', 'O'), 'C', use('chronic', 0.1, 'children', 0.35, 1.2, { blue: ADHD }), [
    pr(['Strattera', '~Orifarm'], 'kaps', [10, 18, 25, 40, 60, 80, 100], 'mg', stk(28), [320, 980]),
  ]),
  sub('N06BA12', 'Lisdexamfetamine', 'Lisdeksamfetamin', ddd(30, 'mg', 'O'), 'A', use('chronic', 0.8, 'youngAdults', 0.5, 1.3, { blue: ADHD }), [
    pr(['Elvanse', 'Elvanse Voksen'], 'kaps', [20, 30, 40, 50, 60, 70], 'mg', stk(30), [620, 1150]),
  ]),
  sub('N06DA02', 'Donepezil', 'Donepezil', ddd(7.5, 'mg', 'O'), 'C', use('chronic', 0.6, 'elderly', 0.62, 1.3, { blue: DEMENTIA }), [
    pr(['Aricept', '~Krka', '~Orifarm'], 'tab', [5, 10], 'mg', stk(28, 98), [60, 330]),
  ]),
  sub('N06DA03', 'Rivastigmine', 'Rivastigmin', [ddd(9, 'mg', 'O'), ddd(9.5, 'mg', 'TD')], 'C', use('chronic', 0.2, 'elderly', 0.6, 1.3, { blue: DEMENTIA }), [
    pr('Exelon', 'kaps', [1.5, 3, 4.5, 6], 'mg', stk(28, 112), [190, 900]),
    pr(['Exelon', '~Sandoz'], 'depotplaster', [4.6, 9.5, 13.3], 'mg', stk(30, 90), [420, 1400], { per: '24h', wearHours: 24 }),
  ], { dddNote: 'O 9 mg and TD 9.5 mg recalled, not verified' }),
  sub('N06DA04', 'Galantamine', 'Galantamin', ddd(16, 'mg', 'O'), 'C', use('chronic', 0.1, 'elderly', 0.6, 1.3, { blue: DEMENTIA }), [
    pr('Reminyl', 'depotkaps', [8, 16, 24], 'mg', stk(28, 84), [250, 900]),
  ]),
  sub('N06DX01', 'Memantine', 'Memantin', ddd(20, 'mg', 'O'), 'C', use('chronic', 0.4, 'elderly', 0.62, 1.3, { blue: DEMENTIA }), [
    pr(['Ebixa', '~Orifarm'], 'tab', [10, 20], 'mg', stk(28, 98), [90, 380]),
  ]),
  // ---------------------------------------------------------------- N07
  sub('N07AA02', 'Pyridostigmine', 'Pyridostigmin', ddd(0.18, 'g', 'O'), 'C', use('chronic', 0.01, 'adults', 0.6, 1.2, { blue: blue(0.95, ['N99'], ['G70']) }), [
    pr('Mestinon', 'tab', [10, 60], 'mg', stk(100), [180, 420]),
  ]),
  sub('N07BA03', 'Varenicline', 'Vareniklin', ddd(2, 'mg', 'O'), 'C', use('acute', 0.3, 'adults', 0.5, 1.1), [
    pr(['Champix', '~Medical Valley'], 'tab', [0.5, 1], 'mg', stk(28, 56), [420, 720]),
  ]),
  sub('N07BB01', 'Disulfiram', 'Disulfiram', ddd(0.2, 'g', 'O'), 'C', use('chronic', 0.1, 'adults', 0.25, 1.1), [
    pr('Antabus', 'disptab', [200, 400], 'mg', stk(50, 100), [190, 420]),
  ]),
  sub('N07BB03', 'Acamprosate', 'Akamprosat', ddd(2, 'g', 'O'), 'C', use('chronic', 0.05, 'adults', 0.3, 1.1), [
    pr('Campral', 'enterotab', 333, 'mg', stk(84, 168), [290, 520]),
  ]),
  sub('N07BB04', 'Naltrexone', 'Naltrekson', ddd(50, 'mg', 'O'), 'C', use('chronic', 0.05, 'adults', 0.3, 1.1), [
    pr('~Accord', 'tab', 50, 'mg', stk(28), [420, 420]),
  ]),
  sub('N07BC01', 'Buprenorphine', 'Buprenorfin', ddd(8, 'mg', 'SL'), 'A', use('chronic', 0.15, 'adults', 0.3, 1.0, { blue: DEPENDENCE }), [
    pr('Subutex', 'sublingvaltab', [0.4, 2, 8], 'mg', stk(7, 28), [90, 1300]),
    pr('Espranor', 'frysetorketTab', [2, 8], 'mg', stk(7, 28), [110, 1300], { route: 'SL' }),
  ]),
  sub('N07BC02', 'Methadone', 'Metadon', ddd(25, 'mg', 'O'), 'A', use('chronic', 0.15, 'adults', 0.3, 1.0, { blue: DEPENDENCE }), [
    pr('~Abcur', 'tab', [5, 10, 20, 40], 'mg', stk(100), [190, 680]),
    pr(['Metadon DnE', '~Nordic Drugs'], 'mikstOppl', 1, 'mg', [ml(100), ml(1000)], [110, 620]),
  ]),
  sub('N07BC51', 'Buprenorphine, combinations', 'Buprenorfin, kombinasjoner', null, 'A', use('chronic', 0.1, 'adults', 0.3, 1.0, { blue: DEPENDENCE }), [
    pr('Suboxone', 'sublingvaltab', [[2, 0.5], [8, 2]], 'mg', stk(7, 28), [110, 1400]),
  ], { components: [comp('Buprenorphine', 'Buprenorfin'), comp('Naloxone', 'Nalokson')], dddNote: 'WHO DDD for the combination (SL, refers to buprenorphine) not verified; null' }),
  sub('N07CA01', 'Betahistine', 'Betahistin', ddd(24, 'mg', 'O'), 'C', use('chronic', 0.4, 'elderly', 0.68, 1.2), [
    pr(['Betaserc', '~Actavis'], 'tab', [8, 16, 24], 'mg', stk(100), [110, 320]),
  ]),
];

