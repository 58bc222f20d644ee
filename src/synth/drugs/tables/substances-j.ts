/**
 * J (antiinfectives for systemic use). DDDs follow the WHO index including the 2019 revision
 * (amoxicillin O 1.5 g / P 3 g, amoxicillin–clavulanate O 1.5 g, ampicillin P 6 g, meropenem P 3 g,
 * ciprofloxacin P 0.8 g).
 */
import { AUTUMN, WINTER, blue, comp, ddd, ml, pr, stk, sub, use, type Substance } from '../model.js';

const DOG_CAT = (share: number) => ({ share, species: ['dog', 'cat'] as const });
const VACCINE = 'Vaccines have no DDD';
const UTI_RECURRENT = blue(0.8, ['U71'], ['N30', 'N39']);

export const SUBSTANCES_J: readonly Substance[] = [
  sub('J01AA02', 'Doxycycline', 'Doksysyklin', ddd(0.1, 'g', 'O'), 'C', use('acute', 3.0, 'adults', 0.55, 1.0, { peakMonths: WINTER, animal: { share: 0.03, species: ['dog', 'cat', 'horse'] } }), [
    pr(['Doxylin', 'Vibramycin', '~EQL Pharma'], 'tab', 100, 'mg', stk(10, 20, 30), [60, 190]),
    pr('Doxylin', 'disptab', 100, 'mg', stk(10), [75, 75]),
  ]),
  sub('J01AA04', 'Lymecycline', 'Lymesyklin', ddd(0.6, 'g', 'O'), 'C', use('chronic', 0.6, 'youngAdults', 0.55, 1.1), [
    pr('Tetralysal', 'kaps', 300, 'mg', stk(28, 56, 100), [140, 380]),
  ]),
  sub('J01AA06', 'Oxytetracycline', 'Oksytetrasyklin', ddd(1, 'g', 'O'), 'C', use('acute', 0.05, 'adults', 0.5, 1.0), [
    pr('~Ferrosan', 'tab', 250, 'mg', stk(100), [190, 190]),
  ]),
  sub('J01AA07', 'Tetracycline', 'Tetrasyklin', ddd(1, 'g', 'O'), 'C', use('acute', 0.2, 'adults', 0.5, 1.0), [
    pr(['Tetracyklin Actavis', 'Achromycin'], 'tab', 250, 'mg', stk(28, 100), [110, 240]),
  ]),
  sub('J01AA08', 'Minocycline', 'Minosyklin', ddd(0.2, 'g', 'O'), 'C', use('chronic', 0.02, 'youngAdults', 0.55, 1.0), [
    pr('Minocin', 'kaps', [50, 100], 'mg', stk(28, 56), [220, 440]),
  ]),
  sub('J01BA01', 'Chloramphenicol', 'Kloramfenikol', [ddd(3, 'g', 'O'), ddd(3, 'g', 'P')], 'C', use('acute', 0.001, 'adults', 0.5, 1.0), [
    pr('~Panpharma', 'pulvInj', 1, 'g', stk(10), [1400, 1400]),
  ]),
  sub('J01CA01', 'Ampicillin', 'Ampicillin', [ddd(6, 'g', 'P'), ddd(2, 'g', 'O')], 'C', use('acute', 0.02, 'elderly', 0.5, 1.0), [
    pr(['Pentrexyl', '~Stragen'], 'pulvInj', [1, 2], 'g', stk(10), [420, 620]),
  ]),
  sub('J01CA04', 'Amoxicillin', 'Amoksicillin', [ddd(1.5, 'g', 'O'), ddd(3, 'g', 'P')], 'C', use('acute', 2.0, 'all', 0.55, 1.0, { peakMonths: WINTER, animal: DOG_CAT(0.15) }), [
    pr(['Imacillin', '~Sandoz', '~Orifarm'], 'tab', [500, 750], 'mg', stk(15, 20, 30), [65, 210]),
    pr('~Sandoz', 'kaps', 500, 'mg', stk(20, 30), [70, 110]),
    pr('Imacillin', 'granMikstSusp', 50, 'mg', [ml(100), ml(200)], [85, 150]),
  ]),
  sub('J01CA08', 'Pivmecillinam', 'Pivmecillinam', ddd(0.6, 'g', 'O'), 'C', use('acute', 4.0, 'adults', 0.88, 1.0, { blue: UTI_RECURRENT }), [
    pr(['Selexid', 'Penomax'], 'tab', [200, 400], 'mg', stk(10, 15, 20, 40), [60, 250]),
  ]),
  sub('J01CE01', 'Benzylpenicillin', 'Benzylpenicillin', ddd(3.6, 'g', 'P'), 'C', use('acute', 0.05, 'elderly', 0.5, 1.0), [
    pr('~Panpharma', 'pulvInj', [1, 3], 'g', stk(10), [320, 820]),
  ]),
  sub('J01CE02', 'Phenoxymethylpenicillin', 'Fenoksymetylpenicillin', ddd(2, 'g', 'O'), 'C', use('acute', 6.0, 'all', 0.58, 1.0, { peakMonths: WINTER, animal: DOG_CAT(0.02) }), [
    pr(['Apocillin', 'Weifapenin', '~Orifarm'], 'tab', [660, 1000], 'mg', stk(10, 20, 30, 40), [55, 190]),
    pr('Apocillin', 'granMikstSusp', 50, 'mg', [ml(100), ml(200)], [90, 160]),
  ]),
  sub('J01CF01', 'Dicloxacillin', 'Dikloksacillin', ddd(2, 'g', 'O'), 'C', use('acute', 1.5, 'all', 0.5, 1.0), [
    pr(['Diclocil', '~Orifarm'], 'kaps', [250, 500], 'mg', stk(20, 30, 40), [90, 290]),
  ]),
  sub('J01CF05', 'Flucloxacillin', 'Flukloksacillin', ddd(2, 'g', 'O'), 'C', use('acute', 0.1, 'all', 0.5, 1.0), [
    pr('~Mylan', 'kaps', 500, 'mg', stk(20, 40), [160, 290]),
  ]),
  sub('J01CR02', 'Amoxicillin and beta-lactamase inhibitor', 'Amoksicillin og enzymhemmer', ddd(1.5, 'g', 'O'), 'C', use('acute', 0.3, 'all', 0.55, 1.0, { animal: DOG_CAT(0.1) }), [
    pr(['Augmentin', 'Amoxicillin/Clavulanic acid Sandoz'], 'tab', [[500, 125], [875, 125]], 'mg', stk(14, 20), [160, 320]),
  ], { components: [comp('Amoxicillin', 'Amoksicillin'), comp('Clavulanic acid', 'Klavulansyre')], dddNote: 'DDD refers to amoxicillin' }),
  sub('J01CR05', 'Piperacillin and beta-lactamase inhibitor', 'Piperacillin og enzymhemmer', ddd(14, 'g', 'P'), 'C', use('acute', 0.01, 'elderly', 0.5, 1.0), [
    pr('Piperacillin/Tazobactam Fresenius Kabi', 'pulvInj', [[4000, 500]], 'mg', stk(10), [1100, 1100]),
  ], { components: [comp('Piperacillin', 'Piperacillin'), comp('Tazobactam', 'Tazobaktam')], dddNote: 'DDD refers to piperacillin' }),
  sub('J01DB01', 'Cefalexin', 'Cefaleksin', ddd(2, 'g', 'O'), 'C', use('acute', 0.8, 'all', 0.6, 1.0, { animal: DOG_CAT(0.12) }), [
    pr(['Keflex', '~Sandoz'], 'tab', [500, 1000], 'mg', stk(20, 30), [130, 330]),
    pr('Keflex', 'granMikstSusp', 50, 'mg', [ml(100)], [140, 140]),
  ]),
  sub('J01DB05', 'Cefadroxil', 'Cefadroksil', ddd(2, 'g', 'O'), 'C', use('acute', 0.05, 'all', 0.6, 1.0), [
    pr('~Orifarm', 'kaps', 500, 'mg', stk(20), [180, 180]),
  ]),
  sub('J01DC02', 'Cefuroxime', 'Cefuroksim', [ddd(0.5, 'g', 'O'), ddd(3, 'g', 'P')], 'C', use('acute', 0.05, 'elderly', 0.5, 1.0), [
    pr('Zinacef', 'pulvInj', [750, 1500], 'mg', stk(10), [520, 880]),
    pr('Zinnat', 'tab', [250, 500], 'mg', stk(14), [190, 310]),
  ]),
  sub('J01DD01', 'Cefotaxime', 'Cefotaksim', ddd(4, 'g', 'P'), 'C', use('acute', 0.01, 'elderly', 0.5, 1.0), [
    pr('~Fresenius Kabi', 'pulvInj', [1, 2], 'g', stk(10), [600, 980]),
  ]),
  sub('J01DD02', 'Ceftazidime', 'Ceftazidim', ddd(4, 'g', 'P'), 'C', use('acute', 0.005, 'elderly', 0.5, 1.0), [
    pr('Fortum', 'pulvInj', [1, 2], 'g', stk(10), [900, 1500]),
  ]),
  sub('J01DD04', 'Ceftriaxone', 'Ceftriakson', ddd(2, 'g', 'P'), 'C', use('acute', 0.05, 'elderly', 0.5, 1.0), [
    pr(['Rocephalin', '~Fresenius Kabi'], 'pulvInj', [1, 2], 'g', stk(5, 10), [350, 1200]),
  ]),
  sub('J01DH02', 'Meropenem', 'Meropenem', ddd(3, 'g', 'P'), 'C', use('acute', 0.01, 'elderly', 0.5, 1.0), [
    pr(['Meronem', '~Fresenius Kabi'], 'pulvInj', [500, 1000], 'mg', stk(10), [900, 1600]),
  ]),
  sub('J01EA01', 'Trimethoprim', 'Trimetoprim', ddd(0.4, 'g', 'O'), 'C', use('acute', 1.2, 'adults', 0.85, 1.0, { blue: UTI_RECURRENT }), [
    pr(['Idotrim', '~Meda'], 'tab', [100, 160, 300], 'mg', stk(10, 14, 30), [55, 160]),
  ]),
  sub('J01EE01', 'Sulfamethoxazole and trimethoprim', 'Sulfametoksazol og trimetoprim', null, 'C', use('acute', 0.5, 'all', 0.55, 1.0, { animal: { share: 0.05, species: ['dog', 'horse'] } }), [
    pr('Bactrim', 'tab', [[400, 80], [800, 160]], 'mg', stk(20, 100), [95, 380]),
    pr('Bactrim', 'mikstSusp', [[40, 8]], 'mg', [ml(100)], [120, 120]),
  ], { components: [comp('Sulfamethoxazole', 'Sulfametoksazol'), comp('Trimethoprim', 'Trimetoprim')], dddNote: 'Combination: WHO DDD is expressed in UD; null' }),
  sub('J01FA01', 'Erythromycin', 'Erytromycin', ddd(1, 'g', 'O'), 'C', use('acute', 0.6, 'all', 0.58, 1.0, { peakMonths: WINTER }), [
    pr('Ery-Max', 'enterokaps', [250, 500], 'mg', stk(20, 30, 40), [110, 330]),
    pr('Abboticin', 'granMikstSusp', 40, 'mg', [ml(100)], [150, 150]),
  ]),
  sub('J01FA09', 'Clarithromycin', 'Klaritromycin', ddd(0.5, 'g', 'O'), 'C', use('acute', 0.3, 'adults', 0.55, 1.0, { peakMonths: WINTER }), [
    pr(['Klacid', '~Orifarm'], 'tab', [250, 500], 'mg', stk(14, 20), [130, 290]),
    pr('Klacid', 'granMikstSusp', 50, 'mg', [ml(60)], [140, 140]),
  ]),
  sub('J01FA10', 'Azithromycin', 'Azitromycin', ddd(0.3, 'g', 'O'), 'C', use('acute', 0.5, 'adults', 0.55, 1.0, { peakMonths: WINTER }), [
    pr(['Azithromax', '~Sandoz'], 'tab', [250, 500], 'mg', stk(3, 6), [90, 220]),
    pr('Azithromax', 'granMikstSusp', 40, 'mg', [ml(15), ml(30)], [110, 170]),
  ]),
  sub('J01FF01', 'Clindamycin', 'Klindamycin', [ddd(1.2, 'g', 'O'), ddd(1.8, 'g', 'P')], 'C', use('acute', 0.5, 'adults', 0.58, 1.0, { animal: DOG_CAT(0.15) }), [
    pr(['Dalacin', '~Orifarm'], 'kaps', [150, 300], 'mg', stk(16, 24, 100), [110, 720]),
    pr('Dalacin', 'injOppl', 150, 'mg', [ml(4, 10)], [980, 980]),
  ]),
  sub('J01GB01', 'Tobramycin', 'Tobramycin', [ddd(0.24, 'g', 'P'), ddd(0.3, 'g', 'Inhal.solution')], 'C', use('chronic', 0.005, 'youngAdults', 0.5, 1.0), [
    pr('Tobi', 'inhNeb', 60, 'mg', [ml(5, 56)], [14500, 14500]),
    pr('Nebcina', 'injOppl', 40, 'mg', [ml(2, 10)], [520, 520]),
  ]),
  sub('J01GB03', 'Gentamicin', 'Gentamicin', ddd(0.24, 'g', 'P'), 'C', use('acute', 0.005, 'elderly', 0.5, 1.0), [
    pr('Garamycin', 'injOppl', 40, 'mg', [ml(2, 10)], [420, 420]),
  ]),
  sub('J01MA01', 'Ofloxacin', 'Ofloksacin', ddd(0.4, 'g', 'O'), 'C', use('acute', 0.02, 'adults', 0.5, 1.0), [
    pr('Tarivid', 'tab', 200, 'mg', stk(10, 20), [160, 280]),
  ]),
  sub('J01MA02', 'Ciprofloxacin', 'Ciprofloksacin', [ddd(1, 'g', 'O'), ddd(0.8, 'g', 'P')], 'C', use('acute', 1.0, 'olderAdults', 0.52, 1.0, { animal: DOG_CAT(0.02) }), [
    pr(['Ciproxin', '~Bluefish', '~Krka'], 'tab', [250, 500, 750], 'mg', stk(10, 20), [70, 320]),
    pr('Ciproxin', 'injInf', 2, 'mg', [ml(200, 10)], [1900, 1900]),
  ]),
  sub('J01MA12', 'Levofloxacin', 'Levofloksacin', ddd(0.5, 'g', 'O'), 'C', use('acute', 0.05, 'olderAdults', 0.5, 1.0), [
    pr(['Tavanic', '~Krka'], 'tab', 500, 'mg', stk(5, 10), [140, 260]),
  ]),
  sub('J01MA14', 'Moxifloxacin', 'Moksifloksacin', ddd(0.4, 'g', 'O'), 'C', use('acute', 0.03, 'olderAdults', 0.5, 1.0), [
    pr('Avelox', 'tab', 400, 'mg', stk(5, 10), [260, 480]),
  ]),
  sub('J01XA01', 'Vancomycin', 'Vankomycin', ddd(2, 'g', 'P'), 'C', use('acute', 0.005, 'elderly', 0.5, 1.0), [
    pr('~Xellia', 'pulvInj', [500, 1000], 'mg', stk(10), [650, 1100]),
  ]),
  sub('J01XC01', 'Fusidic acid', 'Fusidinsyre', ddd(1.5, 'g', 'O'), 'C', use('acute', 0.01, 'adults', 0.5, 1.0), [
    pr('Fucidin', 'tab', 250, 'mg', stk(36), [560, 560]),
  ]),
  sub('J01XD01', 'Metronidazole', 'Metronidazol', ddd(1.5, 'g', 'P'), 'C', use('acute', 0.005, 'elderly', 0.5, 1.0), [
    pr('~B. Braun', 'injInf', 5, 'mg', [ml(100, 10)], [420, 420]),
  ]),
  sub('J01XE01', 'Nitrofurantoin', 'Nitrofurantoin', ddd(0.2, 'g', 'O'), 'C', use('acute', 1.5, 'adults', 0.88, 1.0, { blue: UTI_RECURRENT }), [
    pr(['Furadantin', '~Orifarm'], 'tab', 50, 'mg', stk(30, 100), [70, 160]),
    pr('Furadantin', 'mikstSusp', 5, 'mg', [ml(300)], [240, 240]),
  ]),
  sub('J01XX05', 'Methenamine', 'Metenamin', ddd(2, 'g', 'O'), 'C', use('chronic', 1.0, 'elderly', 0.85, 1.2, { blue: UTI_RECURRENT }), [
    pr(['Hiprex', 'Haiprex'], 'tab', 1, 'g', stk(100), [190, 190]),
  ]),
  sub('J01XX08', 'Linezolid', 'Linezolid', ddd(1.2, 'g', 'O'), 'C', use('acute', 0.005, 'elderly', 0.5, 1.0), [
    pr(['Zyvoxid', '~Krka'], 'tab', 600, 'mg', stk(10, 20), [2200, 4200]),
  ]),
  sub('J02AC01', 'Fluconazole', 'Flukonazol', ddd(0.2, 'g', 'O'), 'C', use('acute', 0.8, 'fertileWomen', 0.85, 1.0), [
    pr(['Diflucan', '~Orifarm', '~Sandoz'], 'kaps', [50, 150, 200], 'mg', stk(1, 7, 28), [60, 900]),
  ]),
  sub('J02AC03', 'Voriconazole', 'Vorikonazol', ddd(0.4, 'g', 'O'), 'C', use('acute', 0.001, 'elderly', 0.45, 1.0), [
    pr(['Vfend', '~Teva'], 'tab', 200, 'mg', stk(14, 28), [2900, 5600]),
  ]),
  sub('J04AB02', 'Rifampicin', 'Rifampicin', ddd(0.6, 'g', 'O'), 'C', use('chronic', 0.01, 'adults', 0.45, 1.0), [
    pr('Rimactan', 'kaps', [150, 300], 'mg', stk(100), [480, 820]),
  ]),
  sub('J04AC01', 'Isoniazid', 'Isoniazid', ddd(0.3, 'g', 'O'), 'C', use('chronic', 0.01, 'adults', 0.45, 1.0), [
    pr('~Alternova', 'tab', [100, 300], 'mg', stk(100), [160, 260]),
  ]),
  sub('J05AB01', 'Aciclovir', 'Aciklovir', ddd(4, 'g', 'O'), 'C', use('acute', 0.6, 'adults', 0.6, 1.0), [
    pr(['Zovirax', '~Mylan'], 'tab', [200, 400, 800], 'mg', stk(25, 35, 70), [110, 620]),
  ]),
  sub('J05AB11', 'Valaciclovir', 'Valaciklovir', ddd(3, 'g', 'O'), 'C', use('acute', 1.0, 'adults', 0.62, 1.0), [
    pr(['Valtrex', '~Orifarm', '~Sandoz'], 'tab', [500, 1000], 'mg', stk(10, 21, 42, 90), [110, 720]),
  ]),
  sub('J05AH02', 'Oseltamivir', 'Oseltamivir', ddd(0.15, 'g', 'O'), 'C', use('seasonal', 0.1, 'all', 0.5, 1.0, { peakMonths: WINTER }), [
    pr('Tamiflu', 'kaps', [30, 45, 75], 'mg', stk(10), [230, 290]),
    pr('Tamiflu', 'pulvMikst', 360, 'mg', stk(1), [240, 240]),
  ]),
  sub('J05AR03', 'Tenofovir disoproxil and emtricitabine', 'Tenofovirdisoproksil og emtricitabin', null, 'C', use('chronic', 0.08, 'youngAdults', 0.05, 1.2, { blue: blue(0.95, ['B90', 'A98'], ['B20', 'Z21']) }), [
    pr(['Truvada', 'Emtricitabine/Tenofovir disoproxil Teva'], 'tab', [[245, 200]], 'mg', stk(30, 90), [490, 1400]),
  ], { components: [comp('Tenofovir disoproxil', 'Tenofovirdisoproksil'), comp('Emtricitabine', 'Emtricitabin')], dddNote: 'Combination: WHO DDD is expressed in UD; null' }),
  sub('J07AL02', 'Pneumococcus, purified polysaccharides antigen conjugated', 'Pneumokokk, renset polysakkaridantigen, konjugert', null, 'C', use('seasonal', 0.5, 'elderly', 0.55, 1.0, { peakMonths: AUTUMN }), [
    pr(['Prevenar 13', 'Vaxneuvance'], 'injSusp', 4.4, 'mcg', [ml(0.5)], [520, 520]),
  ], { dddNote: VACCINE }),
  sub('J07AM51', 'Tetanus toxoid, combinations with diphtheria toxoid', 'Tetanustoksoid, kombinasjoner med difteritoksoid', null, 'C', use('acute', 0.3, 'adults', 0.5, 1.0), [
    pr('diTeBooster', 'injSusp', [[40, 4]], 'IE', [ml(0.5)], [210, 210]),
  ], { components: [comp('Tetanus toxoid', 'Tetanustoksoid'), comp('Diphtheria toxoid', 'Difteritoksoid')], dddNote: VACCINE }),
  sub('J07BB02', 'Influenza, inactivated, split virus or surface antigen', 'Influensa, inaktivert, splittvirus eller overflateantigen', null, 'C', use('seasonal', 5.0, 'elderly', 0.55, 1.0, { peakMonths: [10, 11, 12] }), [
    pr(['Influvac Tetra', 'Vaxigrip Tetra'], 'injSusp', 120, 'mcg', [ml(0.5), ml(0.5, 10)], [180, 1500]),
  ], { dddNote: VACCINE }),
  sub('J07BC02', 'Hepatitis A, inactivated, whole virus', 'Hepatitt A, inaktivert, helt virus', null, 'C', use('acute', 0.4, 'adults', 0.5, 1.0, { peakMonths: [5, 6, 9] }), [
    pr('Havrix', 'injSusp', 1440, 'IE', [ml(1)], [420, 420]),
  ], { dddNote: VACCINE }),
  sub('J07BX03', 'Covid-19 vaccines', 'Covid-19-vaksiner', null, 'C', use('seasonal', 0.5, 'elderly', 0.55, 1.0, { peakMonths: [10, 11] }), [
    pr('Comirnaty', 'injSusp', 100, 'mcg', [ml(0.3, 10)], [0, 0]),
  ], { dddNote: VACCINE }),
];
