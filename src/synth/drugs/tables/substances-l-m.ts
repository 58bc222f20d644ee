/**
 * L (antineoplastic and immunomodulating agents) and M (musculo-skeletal system).
 * WHO assigns no DDDs to the L01 antineoplastics.
 */
import { blue, comp, ddd, g, ml, pr, stk, sub, use, type Substance } from '../model.js';

const L01 = 'WHO assigns no DDDs to antineoplastic agents (L01)';
const RA = blue(0.95, ['L88'], ['M05', 'M06']);
const BREAST = blue(0.95, ['X76'], ['C50']);
const OSTEOPOROSIS = blue(0.9, ['L95'], ['M81', 'M80']);
const GOUT = blue(0.85, ['T92'], ['M10']);
const ARTHRITIS = blue(0.2, ['L88', 'L89', 'L90', 'L91'], ['M05', 'M16', 'M17']);

export const SUBSTANCES_L: readonly Substance[] = [
  sub('L01AA01', 'Cyclophosphamide', 'Cyklofosfamid', null, 'C', use('chronic', 0.01, 'adults', 0.6, 1.0), [
    pr('Sendoxan', 'tab', 50, 'mg', stk(50), [650, 650]),
  ], { dddNote: L01 }),
  sub('L01BC06', 'Capecitabine', 'Kapecitabin', null, 'C', use('chronic', 0.03, 'olderAdults', 0.55, 1.0), [
    pr(['Xeloda', '~Accord'], 'tab', [150, 500], 'mg', stk(60, 120), [600, 2900]),
  ], { dddNote: L01 }),
  sub('L01EA01', 'Imatinib', 'Imatinib', null, 'C', use('chronic', 0.01, 'olderAdults', 0.45, 1.0), [
    pr(['Glivec', '~Teva'], 'tab', [100, 400], 'mg', stk(30, 60), [1400, 9800]),
  ], { dddNote: L01 }),
  sub('L01FA01', 'Rituximab', 'Rituksimab', null, 'C', use('chronic', 0.01, 'olderAdults', 0.5, 1.0), [
    pr(['MabThera', 'Truxima'], 'konsInf', 10, 'mg', [ml(10, 2), ml(50)], [4500, 11000]),
  ], { dddNote: L01 }),
  sub('L01FF02', 'Pembrolizumab', 'Pembrolizumab', null, 'C', use('chronic', 0.01, 'olderAdults', 0.45, 1.0), [
    pr('Keytruda', 'konsInf', 25, 'mg', [ml(4)], [36000, 36000]),
  ], { dddNote: L01 }),
  sub('L01XX05', 'Hydroxycarbamide', 'Hydroksykarbamid', null, 'C', use('chronic', 0.02, 'elderly', 0.5, 1.0), [
    pr('Hydrea', 'kaps', 500, 'mg', stk(100), [420, 420]),
  ], { dddNote: L01 }),
  sub('L02AE02', 'Leuprorelin', 'Leuprorelin', ddd(0.134, 'mg', 'P'), 'C', use('chronic', 0.1, 'elderly', 0.05, 1.0, { blue: blue(0.95, ['Y77'], ['C61']) }), [
    pr(['Procren Depot', 'Eligard'], 'pulvInj', [3.75, 11.25], 'mg', stk(1), [1200, 3300]),
  ], { dddNote: 'WHO DDD 0.134 mg P recalled, not verified' }),
  sub('L02BA01', 'Tamoxifen', 'Tamoksifen', ddd(20, 'mg', 'O'), 'C', use('chronic', 0.3, 'olderAdults', 0.99, 1.2, { blue: BREAST }), [
    pr(['Nolvadex', '~Mylan'], 'tab', [10, 20], 'mg', stk(30, 100), [90, 340]),
  ]),
  sub('L02BB03', 'Bicalutamide', 'Bikalutamid', ddd(50, 'mg', 'O'), 'C', use('chronic', 0.1, 'elderly', 0, 1.2, { blue: blue(0.95, ['Y77'], ['C61']) }), [
    pr(['Casodex', '~Orifarm'], 'tab', [50, 150], 'mg', stk(28, 90), [190, 1400]),
  ]),
  sub('L02BG03', 'Anastrozole', 'Anastrozol', ddd(1, 'mg', 'O'), 'C', use('chronic', 0.3, 'olderAdults', 1, 1.2, { blue: BREAST }), [
    pr(['Arimidex', '~Accord'], 'tab', 1, 'mg', stk(28, 98), [90, 280]),
  ]),
  sub('L02BG04', 'Letrozole', 'Letrozol', ddd(2.5, 'mg', 'O'), 'C', use('chronic', 0.3, 'olderAdults', 1, 1.2, { blue: BREAST }), [
    pr(['Femar', '~Sandoz'], 'tab', 2.5, 'mg', stk(30, 100), [100, 300]),
  ]),
  sub('L02BG06', 'Exemestane', 'Eksemestan', ddd(25, 'mg', 'O'), 'C', use('chronic', 0.05, 'olderAdults', 1, 1.2, { blue: BREAST }), [
    pr('Aromasin', 'tab', 25, 'mg', stk(30, 90), [320, 900]),
  ]),
  sub('L04AB01', 'Etanercept', 'Etanercept', ddd(7, 'mg', 'P'), 'C', use('chronic', 0.1, 'adults', 0.6, 1.0, { blue: RA }), [
    pr(['Enbrel', 'Benepali'], 'injOppl', 50, 'mg', [ml(1, 4)], [4200, 4200]),
  ]),
  sub('L04AB02', 'Infliximab', 'Infliksimab', ddd(3.75, 'mg', 'P'), 'C', use('chronic', 0.05, 'adults', 0.5, 1.0, { blue: blue(0.95, ['D94', 'L88'], ['K50', 'K51', 'M05']) }), [
    pr(['Remsima', 'Inflectra'], 'pulvInj', 100, 'mg', stk(1), [2400, 2400]),
  ]),
  sub('L04AB04', 'Adalimumab', 'Adalimumab', ddd(2.9, 'mg', 'P'), 'C', use('chronic', 0.3, 'adults', 0.55, 1.0, { blue: blue(0.95, ['L88', 'D94', 'S91'], ['M05', 'K50', 'L40']) }), [
    pr(['Humira', 'Amgevita', 'Hyrimoz'], 'injOppl', [50, 100], 'mg', [ml(0.4, 2), ml(0.8, 2)], [3500, 6200]),
  ]),
  sub('L04AD01', 'Ciclosporin', 'Ciklosporin', ddd(0.25, 'g', 'O'), 'C', use('chronic', 0.03, 'adults', 0.45, 1.2, { blue: blue(0.95, ['B99', 'S91'], ['Z94', 'L40']) }), [
    pr('Sandimmun Neoral', 'kapsMyk', [25, 50, 100], 'mg', stk(50), [450, 1500]),
    pr('Sandimmun Neoral', 'mikstOppl', 100, 'mg', [ml(50)], [2600, 2600]),
  ]),
  sub('L04AD02', 'Tacrolimus', 'Takrolimus', ddd(5, 'mg', 'O'), 'C', use('chronic', 0.04, 'adults', 0.4, 1.2, { blue: blue(0.98, ['B99'], ['Z94']) }), [
    pr(['Prograf', '~Sandoz'], 'kaps', [0.5, 1, 5], 'mg', stk(50, 100), [420, 4800]),
    pr('Advagraf', 'depotkaps', [0.5, 1, 3, 5], 'mg', stk(50), [420, 3900]),
  ]),
  sub('L04AX01', 'Azathioprine', 'Azatioprin', ddd(0.15, 'g', 'O'), 'C', use('chronic', 0.3, 'adults', 0.5, 1.2, { blue: blue(0.95, ['D94', 'L88'], ['K50', 'K51', 'M05']) }), [
    pr(['Imurel', '~Mylan'], 'tab', [25, 50], 'mg', stk(100), [210, 330]),
  ]),
  sub('L04AX03', 'Methotrexate', 'Metotreksat', [ddd(2.5, 'mg', 'O'), ddd(2.5, 'mg', 'P')], 'C', use('chronic', 0.6, 'olderAdults', 0.65, 1.1, { blue: blue(0.95, ['L88', 'S91'], ['M05', 'M06', 'L40']) }), [
    pr(['~Accord', '~Orion'], 'tab', 2.5, 'mg', stk(24, 100), [80, 240]),
    pr('Metoject', 'injOppl', 50, 'mg', [ml(0.3, 4), ml(0.4, 4), ml(0.5, 4)], [600, 900]),
  ]),
];

export const SUBSTANCES_M: readonly Substance[] = [
  sub('M01AB01', 'Indometacin', 'Indometacin', ddd(0.1, 'g', 'O'), 'C', use('acute', 0.1, 'olderAdults', 0.45, 1.0), [
    pr('Indocid', 'kaps', [25, 50], 'mg', stk(30, 100), [80, 230]),
  ]),
  sub('M01AB05', 'Diclofenac', 'Diklofenak', [ddd(0.1, 'g', 'O'), ddd(0.1, 'g', 'R')], 'C', use('acute', 4.0, 'adults', 0.55, 1.1, { blue: ARTHRITIS }), [
    pr(['Voltaren', '~Orifarm'], 'enterotab', [25, 50], 'mg', stk(20, 30, 100), [50, 190], { otcMax: 20 }),
    pr('Cataflam', 'tab', 50, 'mg', stk(20, 50), [70, 150]),
    pr('Voltaren Retard', 'depottab', [75, 100], 'mg', stk(30, 100), [110, 330]),
    pr('Voltaren', 'stikkpille', [25, 50], 'mg', stk(10), [70, 80]),
  ]),
  sub('M01AC06', 'Meloxicam', 'Meloksikam', ddd(15, 'mg', 'O'), 'C', use('acute', 0.1, 'olderAdults', 0.55, 1.0), [
    pr('Mobic', 'tab', [7.5, 15], 'mg', stk(30), [120, 160]),
  ]),
  sub('M01AE01', 'Ibuprofen', 'Ibuprofen', ddd(1.2, 'g', 'O'), 'C', use('acute', 6.0, 'all', 0.56, 1.1, { blue: ARTHRITIS }), [
    pr(['Ibux', '~Orifarm', 'Ibumetin'], 'tab', [200, 400, 600], 'mg', stk(20, 30, 100), [40, 210], { otcMax: 20 }),
    pr('Ibux', 'depottab', 800, 'mg', stk(30, 100), [150, 390]),
    pr('Ibux', 'mikstSusp', 20, 'mg', [ml(100), ml(200)], [70, 110], { rx: 'F' }),
  ]),
  sub('M01AE02', 'Naproxen', 'Naproksen', ddd(0.5, 'g', 'O'), 'C', use('acute', 4.0, 'adults', 0.55, 1.1, { blue: ARTHRITIS }), [
    pr(['Napren-E', 'Naproxen Mylan', 'Ledox'], 'enterotab', [250, 500], 'mg', stk(20, 100), [60, 260], { otcMax: 20 }),
    pr('Napren', 'tab', [250, 500], 'mg', stk(20, 100), [60, 250], { otcMax: 20 }),
  ]),
  sub('M01AE03', 'Ketoprofen', 'Ketoprofen', ddd(0.15, 'g', 'O'), 'C', use('acute', 0.1, 'adults', 0.55, 1.0), [
    pr('Orudis', 'depotkaps', [100, 200], 'mg', stk(30, 100), [110, 330]),
  ]),
  sub('M01AH01', 'Celecoxib', 'Celekoksib', ddd(0.2, 'g', 'O'), 'C', use('acute', 1.5, 'olderAdults', 0.6, 1.1, { blue: ARTHRITIS }), [
    pr(['Celebra', '~Krka', '~Orifarm'], 'kaps', [100, 200], 'mg', stk(30, 100), [60, 270]),
  ]),
  sub('M01AH05', 'Etoricoxib', 'Etorikoksib', ddd(60, 'mg', 'O'), 'C', use('acute', 2.0, 'adults', 0.6, 1.1, { blue: ARTHRITIS }), [
    pr(['Arcoxia', '~Krka', '~Orifarm'], 'tab', [30, 60, 90, 120], 'mg', stk(7, 28, 98), [60, 420]),
  ]),
  sub('M02AA15', 'Diclofenac', 'Diklofenak', null, 'F', use('asNeeded', 0.5, 'olderAdults', 0.6, 1.1), [
    pr(['Voltaren', 'Voltaren Forte'], 'gel', [11.6, 23.2], 'mg', [g(50), g(100), g(150)], [80, 210]),
  ], { dddNote: 'Topical: WHO assigns no DDD' }),
  sub('M03BX01', 'Baclofen', 'Baklofen', ddd(50, 'mg', 'O'), 'C', use('chronic', 0.2, 'adults', 0.5, 1.2, { blue: blue(0.8, ['N86', 'N99'], ['G35', 'G80']) }), [
    pr(['Lioresal', '~Orifarm'], 'tab', [10, 25], 'mg', stk(100), [140, 260]),
  ]),
  sub('M03BX02', 'Tizanidine', 'Tizanidin', ddd(12, 'mg', 'O'), 'C', use('chronic', 0.1, 'adults', 0.5, 1.2), [
    pr('Sirdalud', 'tab', [2, 4], 'mg', stk(30, 120), [80, 320]),
  ]),
  sub('M04AA01', 'Allopurinol', 'Allopurinol', ddd(0.4, 'g', 'O'), 'C', use('chronic', 1.3, 'olderAdults', 0.18, 1.2, { blue: GOUT }), [
    pr(['Zyloric', '~Orifarm'], 'tab', [100, 300], 'mg', stk(30, 100), [60, 170]),
  ]),
  sub('M04AA03', 'Febuxostat', 'Febuksostat', ddd(80, 'mg', 'O'), 'C', use('chronic', 0.1, 'olderAdults', 0.15, 1.2, { blue: GOUT }), [
    pr(['Adenuric', '~Krka'], 'tab', [80, 120], 'mg', stk(28, 84), [190, 560]),
  ]),
  sub('M04AC01', 'Colchicine', 'Kolkisin', ddd(1, 'mg', 'O'), 'C', use('acute', 0.3, 'olderAdults', 0.2, 1.0), [
    pr('~Tiofarma', 'tab', 0.5, 'mg', stk(30, 100), [90, 210]),
  ]),
  sub('M05BA04', 'Alendronic acid', 'Alendronsyre', ddd(10, 'mg', 'O'), 'C', use('chronic', 1.2, 'elderly', 0.88, 1.2, { blue: OSTEOPOROSIS }), [
    pr(['Fosamax', '~Mylan', '~Orifarm'], 'tab', 70, 'mg', stk(4, 12), [60, 170]),
  ]),
  sub('M05BA07', 'Risedronic acid', 'Risedronsyre', ddd(5, 'mg', 'O'), 'C', use('chronic', 0.1, 'elderly', 0.88, 1.2, { blue: OSTEOPOROSIS }), [
    pr('Optinate Septimum', 'tab', 35, 'mg', stk(4, 12), [110, 290]),
  ]),
  sub('M05BB03', 'Alendronic acid and colecalciferol', 'Alendronsyre og kolekalsiferol', null, 'C', use('chronic', 0.4, 'elderly', 0.9, 1.2, { blue: OSTEOPOROSIS }), [
    pr('Fosavance', 'tab', [[70, 0.07], [70, 0.14]], 'mg', stk(4, 12), [160, 420]),
  ], { components: [comp('Alendronic acid', 'Alendronsyre'), comp('Colecalciferol', 'Kolekalsiferol')], dddNote: 'Combination: DDD not recalled with confidence; null' }),
  sub('M05BX04', 'Denosumab', 'Denosumab', ddd(0.33, 'mg', 'P'), 'C', use('chronic', 0.5, 'elderly', 0.9, 1.0, { blue: OSTEOPOROSIS }), [
    pr('Prolia', 'injOppl', 60, 'mg', [ml(1)], [1900, 1900]),
  ]),
];
