/**
 * D (dermatologicals), G (genito-urinary system and sex hormones) and H (systemic hormonal preparations).
 * WHO assigns no DDDs to most topical D products, to contraceptive combinations (UD) and IUDs.
 */
import { blue, comp, ddd, g, ml, pr, stk, sub, use, type Substance } from '../model.js';

const TOPICAL = 'WHO assigns no DDD to topical dermatological preparations';
const PSORIASIS = blue(0.8, ['S91'], ['L40']);
const ECZEMA = blue(0.6, ['S87', 'S88'], ['L20', 'L30']);
const BPH = blue(0.7, ['Y85'], ['N40']);
const CONTRACEPTIVE = 'Contraceptive combination: WHO DDD is expressed in UD; null';

export const SUBSTANCES_D: readonly Substance[] = [
  sub('D01AC01', 'Clotrimazole', 'Klotrimazol', null, 'F', use('acute', 0.8, 'all', 0.6, 1.0), [
    pr('Canesten', 'krem', 10, 'mg', [g(20), g(50)], [60, 110]),
  ], { dddNote: TOPICAL }),
  sub('D01AC02', 'Miconazole', 'Mikonazol', null, 'F', use('acute', 0.5, 'all', 0.55, 1.0, { animal: { share: 0.02, species: ['dog', 'cat'] } }), [
    pr('Daktar', 'krem', 20, 'mg', [g(30)], [75, 75]),
  ], { dddNote: TOPICAL }),
  sub('D01AE15', 'Terbinafine', 'Terbinafin', null, 'F', use('acute', 0.3, 'adults', 0.5, 1.0), [
    pr('Lamisil', 'krem', 10, 'mg', [g(15), g(30)], [70, 120]),
  ], { dddNote: TOPICAL }),
  sub('D01BA02', 'Terbinafine', 'Terbinafin', ddd(0.25, 'g', 'O'), 'C', use('acute', 0.5, 'olderAdults', 0.45, 1.1), [
    pr(['Lamisil', '~Mylan'], 'tab', 250, 'mg', stk(14, 28, 98), [140, 620]),
  ]),
  sub('D05AX02', 'Calcipotriol', 'Kalsipotriol', null, 'C', use('chronic', 0.1, 'adults', 0.45, 1.2, { blue: PSORIASIS }), [
    pr('Daivonex', 'salve', 50, 'mcg', [g(100)], [420, 420]),
    pr('Daivonex', 'kutanOppl', 50, 'mcg', [ml(60)], [390, 390]),
  ], { dddNote: TOPICAL }),
  sub('D05AX52', 'Calcipotriol, combinations', 'Kalsipotriol, kombinasjoner', null, 'C', use('chronic', 0.8, 'adults', 0.45, 1.3, { blue: PSORIASIS }), [
    pr('Daivobet', 'gel', [[50, 500]], 'mcg', [g(60), g(120)], [560, 1050]),
    pr('Daivobet', 'salve', [[50, 500]], 'mcg', [g(60), g(120)], [560, 1050]),
  ], { components: [comp('Calcipotriol', 'Kalsipotriol'), comp('Betamethasone', 'Betametason')], dddNote: TOPICAL }),
  sub('D05BB02', 'Acitretin', 'Acitretin', ddd(35, 'mg', 'O'), 'C', use('chronic', 0.02, 'adults', 0.4, 1.1, { blue: PSORIASIS }), [
    pr('Neotigason', 'kaps', [10, 25], 'mg', stk(100), [720, 1500]),
  ]),
  sub('D06AX01', 'Fusidic acid', 'Fusidinsyre', null, 'C', use('acute', 1.5, 'children', 0.5, 1.0), [
    pr('Fucidin', 'krem', 20, 'mg', [g(15), g(30)], [70, 110]),
    pr('Fucidin', 'salve', 20, 'mg', [g(15), g(30)], [70, 110]),
  ], { dddNote: TOPICAL }),
  sub('D06AX09', 'Mupirocin', 'Mupirocin', null, 'C', use('acute', 0.3, 'all', 0.5, 1.0), [
    pr('Bactroban', 'salve', 20, 'mg', [g(15)], [120, 120]),
  ], { dddNote: TOPICAL }),
  sub('D06BB03', 'Aciclovir', 'Aciklovir', null, 'F', use('asNeeded', 0.5, 'adults', 0.6, 1.0), [
    pr('Zovirax', 'krem', 50, 'mg', [g(2), g(10)], [70, 180], { otcMax: 2 }),
  ], { dddNote: TOPICAL }),
  sub('D06BX01', 'Metronidazole', 'Metronidazol', null, 'C', use('chronic', 0.6, 'adults', 0.7, 1.0), [
    pr(['Rozex', 'Rosazol'], 'krem', 7.5, 'mg', [g(30)], [150, 150]),
    pr('Rozex', 'gel', 7.5, 'mg', [g(30)], [150, 150]),
  ], { dddNote: TOPICAL }),
  sub('D07AA02', 'Hydrocortisone', 'Hydrokortison', null, 'C', use('asNeeded', 3.0, 'all', 0.58, 1.1, { blue: ECZEMA }), [
    pr(['Mildison Lipid', 'Hydrokortison Galderma'], 'krem', 10, 'mg', [g(15), g(30), g(100)], [50, 150], { otcMax: 30 }),
  ], { dddNote: TOPICAL }),
  sub('D07AB02', 'Hydrocortisone butyrate', 'Hydrokortisonbutyrat', null, 'C', use('asNeeded', 2.0, 'all', 0.6, 1.1, { blue: ECZEMA }), [
    pr(['Locoid', 'Locoid Lipocream'], 'krem', 1, 'mg', [g(30), g(100)], [80, 190]),
  ], { dddNote: TOPICAL }),
  sub('D07AC01', 'Betamethasone', 'Betametason', null, 'C', use('asNeeded', 2.0, 'adults', 0.55, 1.1, { blue: ECZEMA }), [
    pr('Betnovat', 'krem', 1, 'mg', [g(30), g(100)], [80, 190]),
    pr('Betnovat', 'kutanOppl', 1, 'mg', [ml(30), ml(100)], [110, 260]),
  ], { dddNote: TOPICAL }),
  sub('D07AC13', 'Mometasone', 'Mometason', null, 'C', use('asNeeded', 2.5, 'all', 0.57, 1.1, { blue: ECZEMA }), [
    pr(['Elocon', '~Orifarm'], 'krem', 1, 'mg', [g(30), g(100)], [90, 210]),
    pr('Elocon', 'salve', 1, 'mg', [g(30), g(100)], [90, 210]),
  ], { dddNote: TOPICAL }),
  sub('D07AD01', 'Clobetasol', 'Klobetasol', null, 'C', use('asNeeded', 1.0, 'adults', 0.55, 1.1, { blue: PSORIASIS }), [
    pr('Dermovat', 'krem', 0.5, 'mg', [g(30), g(100)], [95, 230]),
    pr('Dermovat', 'kutanOppl', 0.5, 'mg', [ml(100)], [260, 260]),
  ], { dddNote: TOPICAL }),
  sub('D07CA01', 'Hydrocortisone and antibiotics', 'Hydrokortison og antibiotika', null, 'C', use('acute', 1.0, 'all', 0.55, 1.0), [
    pr('Fucidin-Hydrocortison', 'krem', [[10, 20]], 'mg', [g(15), g(30)], [90, 140]),
  ], { components: [comp('Hydrocortisone', 'Hydrokortison'), comp('Fusidic acid', 'Fusidinsyre')], dddNote: TOPICAL }),
  sub('D07CC01', 'Betamethasone and antibiotics', 'Betametason og antibiotika', null, 'C', use('acute', 1.0, 'adults', 0.55, 1.0), [
    pr('Fucicort', 'krem', [[1, 20]], 'mg', [g(15), g(30)], [100, 160]),
  ], { components: [comp('Betamethasone', 'Betametason'), comp('Fusidic acid', 'Fusidinsyre')], dddNote: TOPICAL }),
  sub('D10AD01', 'Tretinoin', 'Tretinoin', null, 'C', use('chronic', 0.1, 'youngAdults', 0.6, 1.0), [
    pr('Airol', 'krem', 0.5, 'mg', [g(30)], [140, 140]),
  ], { dddNote: TOPICAL }),
  sub('D10AD53', 'Adapalene, combinations', 'Adapalen, kombinasjoner', null, 'C', use('chronic', 0.5, 'youngAdults', 0.55, 1.0), [
    pr('Epiduo', 'gel', [[1, 25]], 'mg', [g(45)], [290, 290]),
  ], { components: [comp('Adapalene', 'Adapalen'), comp('Benzoyl peroxide', 'Benzoylperoksid')], dddNote: TOPICAL }),
  sub('D10AE01', 'Benzoyl peroxide', 'Benzoylperoksid', null, 'F', use('chronic', 0.1, 'youngAdults', 0.55, 1.0), [
    pr('Basiron', 'gel', 50, 'mg', [g(40)], [110, 110]),
  ], { dddNote: TOPICAL }),
  sub('D10AF01', 'Clindamycin', 'Klindamycin', null, 'C', use('chronic', 0.3, 'youngAdults', 0.55, 1.0), [
    pr('Dalacin', 'kutanOppl', 10, 'mg', [ml(30), ml(60)], [130, 210]),
  ], { dddNote: TOPICAL }),
  sub('D10BA01', 'Isotretinoin', 'Isotretinoin', ddd(30, 'mg', 'O'), 'C', use('chronic', 0.3, 'youngAdults', 0.5, 1.2, { blue: blue(0.8, ['S96'], ['L70']) }), [
    pr(['Roaccutan', '~Orifarm'], 'kapsMyk', [10, 20], 'mg', stk(30, 60), [290, 790]),
  ]),
  sub('D11AH01', 'Tacrolimus', 'Takrolimus', null, 'C', use('chronic', 0.3, 'all', 0.55, 1.1, { blue: ECZEMA }), [
    pr('Protopic', 'salve', [0.3, 1], 'mg', [g(30), g(60)], [420, 980]),
  ], { dddNote: TOPICAL }),
  sub('D11AH02', 'Pimecrolimus', 'Pimekrolimus', null, 'C', use('chronic', 0.1, 'children', 0.55, 1.0, { blue: ECZEMA }), [
    pr('Elidel', 'krem', 10, 'mg', [g(30), g(60)], [420, 800]),
  ], { dddNote: TOPICAL }),
];

export const SUBSTANCES_G: readonly Substance[] = [
  sub('G01AF01', 'Metronidazole', 'Metronidazol', null, 'C', use('acute', 0.4, 'fertileWomen', 1, 1.0), [
    pr('Zidoval', 'vaginalgel', 7.5, 'mg', [g(40)], [190, 190]),
  ], { dddNote: 'Vaginal DDD not recalled with confidence; null' }),
  sub('G01AF02', 'Clotrimazole', 'Klotrimazol', null, 'F', use('acute', 0.3, 'fertileWomen', 1, 1.0), [
    pr('Canesten', 'vaginaltab', [100, 500], 'mg', stk(1, 6), [90, 110]),
  ], { dddNote: 'Vaginal DDD (0.1 g V) not verified; left null' }),
  sub('G02BA03', 'Plastic IUD with progestogen', 'Plastspiral med gestagen', null, 'C', use('chronic', 1.2, 'fertileWomen', 1, 1.0), [
    pr('Mirena', 'intrauterint', 52, 'mg', stk(1), [1250, 1250]),
    pr('Kyleena', 'intrauterint', 19.5, 'mg', stk(1), [1250, 1250]),
    pr('Jaydess', 'intrauterint', 13.5, 'mg', stk(1), [1100, 1100]),
  ], { components: [comp('Levonorgestrel', 'Levonorgestrel')], dddNote: 'WHO assigns no DDD to IUDs' }),
  sub('G02BB01', 'Vaginal ring with progestogen and estrogen', 'Vaginalring med gestagen og østrogen', null, 'C', use('chronic', 0.6, 'fertileWomen', 1, 1.0), [
    pr(['NuvaRing', 'Circlet'], 'vaginalinnlegg', [[11.7, 2.7]], 'mg', stk(1, 3), [190, 470]),
  ], { components: [comp('Etonogestrel', 'Etonogestrel'), comp('Ethinylestradiol', 'Etinyløstradiol')], dddNote: CONTRACEPTIVE }),
  sub('G03AA07', 'Levonorgestrel and ethinylestradiol', 'Levonorgestrel og etinyløstradiol', null, 'C', use('chronic', 3.0, 'fertileWomen', 1, 1.0), [
    pr(['Microgynon', 'Oralcon'], 'tab', [[150, 30]], 'mcg', stk(63), [110, 110]),
    pr('Loette', 'tab', [[100, 20]], 'mcg', stk(84), [180, 180]),
  ], { components: [comp('Levonorgestrel', 'Levonorgestrel'), comp('Ethinylestradiol', 'Etinyløstradiol')], dddNote: CONTRACEPTIVE }),
  sub('G03AA09', 'Desogestrel and ethinylestradiol', 'Desogestrel og etinyløstradiol', null, 'C', use('chronic', 0.8, 'fertileWomen', 1, 1.0), [
    pr(['Marvelon', 'Mercilon'], 'tab', [[150, 30], [150, 20]], 'mcg', stk(63), [170, 170]),
  ], { components: [comp('Desogestrel', 'Desogestrel'), comp('Ethinylestradiol', 'Etinyløstradiol')], dddNote: CONTRACEPTIVE }),
  sub('G03AA12', 'Drospirenone and ethinylestradiol', 'Drospirenon og etinyløstradiol', null, 'C', use('chronic', 0.8, 'fertileWomen', 1, 1.0), [
    pr(['Yasmin', 'Yaz'], 'tab', [[3, 0.03], [3, 0.02]], 'mg', stk(63, 84), [290, 380]),
  ], { components: [comp('Drospirenone', 'Drospirenon'), comp('Ethinylestradiol', 'Etinyløstradiol')], dddNote: CONTRACEPTIVE }),
  sub('G03AC08', 'Etonogestrel', 'Etonogestrel', null, 'C', use('chronic', 0.5, 'fertileWomen', 1, 1.0), [
    pr('Nexplanon', 'implantat', 68, 'mg', stk(1), [1200, 1200]),
  ], { dddNote: 'Implant: DDD not recalled with confidence; null' }),
  sub('G03AC09', 'Desogestrel', 'Desogestrel', ddd(75, 'mcg', 'O'), 'C', use('chronic', 2.0, 'fertileWomen', 1, 1.0), [
    pr(['Cerazette', '~Orifarm', 'Zarelle'], 'tab', 75, 'mcg', stk(84), [120, 120]),
  ], { dddNote: 'WHO DDD 75 mcg O recalled, not verified' }),
  sub('G03AD01', 'Levonorgestrel', 'Levonorgestrel', null, 'F', use('acute', 0.3, 'fertileWomen', 1, 1.0), [
    pr(['Postinor', 'Norlevo'], 'tab', 1.5, 'mg', stk(1), [170, 170]),
  ], { dddNote: 'Emergency contraceptive: single dose, no DDD' }),
  sub('G03BA03', 'Testosterone', 'Testosteron', [ddd(50, 'mg', 'TD'), ddd(18, 'mg', 'P')], 'C', use('chronic', 0.4, 'olderAdults', 0.03, 1.1, { blue: blue(0.6, ['T99'], ['E23']) }), [
    pr(['Testogel', 'Tostran'], 'gelDosepose', 50, 'mg', stk(30), [520, 520]),
    pr('Nebido', 'injOppl', 250, 'mg', [ml(4)], [1500, 1500]),
  ], { dddNote: 'TD 50 mg recalled, not verified' }),
  sub('G03CA03', 'Estradiol', 'Østradiol', [ddd(2, 'mg', 'O'), ddd(50, 'mcg', 'TD')], 'C', use('chronic', 2.5, 'olderAdults', 1, 1.1), [
    pr('Progynova', 'tab', [1, 2], 'mg', stk(84), [160, 190]),
    pr('Estradot', 'depotplaster', [25, 50, 75, 100], 'mcg', stk(8, 24), [170, 420], { per: '24h', wearHours: 84 }),
    pr('Vagifem', 'vaginaltab', 10, 'mcg', stk(18, 24), [210, 260]),
  ]),
  sub('G03CA04', 'Estriol', 'Østriol', null, 'C', use('chronic', 1.5, 'elderly', 1, 1.1), [
    pr('Ovesterin', 'tab', 1, 'mg', stk(30, 90), [90, 190]),
    pr('Ovesterin', 'vagitorie', 0.5, 'mg', stk(15), [120, 120], { rx: 'F' }),
  ], { dddNote: 'WHO DDDs for estriol not recalled with confidence; null' }),
  sub('G03FA01', 'Norethisterone and estrogen', 'Noretisteron og østrogen', null, 'C', use('chronic', 0.8, 'olderAdults', 1, 1.1), [
    pr(['Activelle', 'Kliogest'], 'tab', [[0.5, 1], [1, 2]], 'mg', stk(84), [250, 290]),
  ], { components: [comp('Norethisterone', 'Noretisteron'), comp('Estradiol', 'Østradiol')], dddNote: 'Combination: WHO DDD is expressed in UD; null' }),
  sub('G04BD04', 'Oxybutynin', 'Oksybutynin', ddd(15, 'mg', 'O'), 'C', use('chronic', 0.1, 'elderly', 0.7, 1.2), [
    pr('Ditropan', 'tab', 5, 'mg', stk(100), [220, 220]),
  ]),
  sub('G04BD07', 'Tolterodine', 'Tolterodin', ddd(4, 'mg', 'O'), 'C', use('chronic', 0.2, 'elderly', 0.7, 1.2), [
    pr(['Detrusitol', '~Sandoz'], 'depotkaps', [2, 4], 'mg', stk(28, 98), [200, 620]),
  ]),
  sub('G04BD08', 'Solifenacin', 'Solifenacin', ddd(5, 'mg', 'O'), 'C', use('chronic', 0.6, 'elderly', 0.72, 1.2), [
    pr(['Vesicare', '~Teva', '~Orifarm'], 'tab', [5, 10], 'mg', stk(30, 90), [110, 460]),
  ]),
  sub('G04BD11', 'Fesoterodine', 'Fesoterodin', ddd(4, 'mg', 'O'), 'C', use('chronic', 0.2, 'elderly', 0.7, 1.2), [
    pr('Toviaz', 'depottab', [4, 8], 'mg', stk(28, 84), [280, 720]),
  ]),
  sub('G04BD12', 'Mirabegron', 'Mirabegron', ddd(50, 'mg', 'O'), 'C', use('chronic', 0.6, 'elderly', 0.68, 1.2), [
    pr('Betmiga', 'depottab', [25, 50], 'mg', stk(30, 90), [400, 1100]),
  ]),
  sub('G04BE03', 'Sildenafil', 'Sildenafil', ddd(50, 'mg', 'O'), 'C', use('asNeeded', 2.0, 'olderAdults', 0.01, 1.2), [
    pr('Viagra', 'tab', [25, 50, 100], 'mg', stk(4, 12), [250, 700]),
    pr(['~Teva', '~Orifarm', '~Medical Valley'], 'tab', [50, 100], 'mg', stk(4, 12, 24), [80, 330]),
  ]),
  sub('G04BE08', 'Tadalafil', 'Tadalafil', null, 'C', use('asNeeded', 1.0, 'olderAdults', 0.01, 1.2), [
    pr(['Cialis', '~Orifarm', '~Teva'], 'tab', [5, 10, 20], 'mg', stk(4, 28), [120, 700]),
  ], { dddNote: 'WHO DDD for tadalafil (G04BE08) not recalled with confidence; null' }),
  sub('G04BE09', 'Vardenafil', 'Vardenafil', ddd(10, 'mg', 'O'), 'C', use('asNeeded', 0.05, 'olderAdults', 0.01, 1.1), [
    pr('Levitra', 'tab', [10, 20], 'mg', stk(4, 8), [350, 900]),
  ]),
  sub('G04CA01', 'Alfuzosin', 'Alfuzosin', ddd(7.5, 'mg', 'O'), 'C', use('chronic', 0.3, 'elderly', 0, 1.2, { blue: BPH }), [
    pr(['Xatral', '~Orifarm'], 'depottab', 10, 'mg', stk(30, 90), [140, 380]),
  ]),
  sub('G04CA02', 'Tamsulosin', 'Tamsulosin', ddd(0.4, 'mg', 'O'), 'C', use('chronic', 2.0, 'elderly', 0.02, 1.3, { blue: BPH }), [
    pr('Omnic Ocas', 'depottab', 0.4, 'mg', stk(30, 100), [120, 360]),
    pr(['~Sandoz', '~Orifarm'], 'depotkaps', 0.4, 'mg', stk(30, 100), [70, 220]),
  ]),
  sub('G04CA52', 'Tamsulosin and dutasteride', 'Tamsulosin og dutasterid', null, 'C', use('chronic', 0.4, 'elderly', 0, 1.2, { blue: BPH }), [
    pr('Combodart', 'kaps', [[0.4, 0.5]], 'mg', stk(30, 90), [290, 780]),
  ], { components: [comp('Tamsulosin', 'Tamsulosin'), comp('Dutasteride', 'Dutasterid')], dddNote: 'Combination: WHO DDD is expressed in UD; null' }),
  sub('G04CB01', 'Finasteride', 'Finasterid', ddd(5, 'mg', 'O'), 'C', use('chronic', 0.8, 'elderly', 0, 1.2, { blue: BPH }), [
    pr(['Proscar', '~Orifarm'], 'tab', 5, 'mg', stk(98), [190, 480]),
    pr('Propecia', 'tab', 1, 'mg', stk(28, 84), [350, 900]),
  ]),
  sub('G04CB02', 'Dutasteride', 'Dutasterid', ddd(0.5, 'mg', 'O'), 'C', use('chronic', 0.3, 'elderly', 0, 1.2, { blue: BPH }), [
    pr(['Avodart', '~Teva'], 'kapsMyk', 0.5, 'mg', stk(30, 90), [150, 420]),
  ]),
];

export const SUBSTANCES_H: readonly Substance[] = [
  sub('H01BA02', 'Desmopressin', 'Desmopressin', [ddd(0.4, 'mg', 'O'), ddd(25, 'mcg', 'N')], 'C', use('chronic', 0.4, 'all', 0.45, 1.2, { blue: blue(0.4, ['U04', 'U02'], ['N39']) }), [
    pr('Minirin', 'tab', [0.1, 0.2], 'mg', stk(30, 90), [280, 900]),
    pr('Minirin', 'frysetorketTab', [60, 120, 240], 'mcg', stk(30, 100), [280, 1200], { route: 'SL' }),
  ], { dddNote: 'O 0.4 mg recalled, not verified; the sublingual lyophilisate carries no DDD here' }),
  sub('H02AA02', 'Fludrocortisone', 'Fludrokortison', ddd(0.1, 'mg', 'O'), 'C', use('chronic', 0.05, 'adults', 0.6, 1.1, { blue: blue(0.9, ['T99'], ['E27']) }), [
    pr('Florinef', 'tab', 0.1, 'mg', stk(100), [180, 180]),
  ]),
  sub('H02AB01', 'Betamethasone', 'Betametason', ddd(1.5, 'mg', 'O'), 'C', use('acute', 0.1, 'adults', 0.55, 1.0), [
    pr('Betapred', 'tab', 0.5, 'mg', stk(100), [160, 160]),
  ], { dddNote: 'WHO O DDD 1.5 mg recalled, not verified' }),
  sub('H02AB02', 'Dexamethasone', 'Deksametason', ddd(1.5, 'mg', 'O'), 'C', use('acute', 0.3, 'adults', 0.5, 1.0, { animal: { share: 0.05, species: ['dog', 'horse'] } }), [
    pr(['~Abcur', '~Krka'], 'tab', [1, 4], 'mg', stk(20, 100), [90, 420]),
  ]),
  sub('H02AB04', 'Methylprednisolone', 'Metylprednisolon', ddd(7.5, 'mg', 'O'), 'C', use('acute', 0.3, 'adults', 0.55, 1.0), [
    pr('Medrol', 'tab', [4, 16, 32], 'mg', stk(30, 100), [90, 520]),
  ]),
  sub('H02AB06', 'Prednisolone', 'Prednisolon', ddd(10, 'mg', 'O'), 'C', use('acute', 4.0, 'all', 0.54, 1.1, { blue: blue(0.25, ['R96', 'R95', 'L88', 'D94'], ['J45', 'J44', 'M05', 'K51']), animal: { share: 0.1, species: ['dog', 'cat', 'horse'] } }), [
    pr(['~Takeda', '~Alternova'], 'tab', [5, 20], 'mg', stk(20, 100), [50, 290]),
  ]),
  sub('H02AB07', 'Prednisone', 'Prednison', ddd(10, 'mg', 'O'), 'C', use('acute', 0.05, 'adults', 0.55, 1.0), [
    pr('~Orifarm', 'tab', 5, 'mg', stk(100), [140, 140]),
  ]),
  sub('H02AB09', 'Hydrocortisone', 'Hydrokortison', ddd(30, 'mg', 'O'), 'C', use('chronic', 0.1, 'adults', 0.6, 1.2, { blue: blue(0.95, ['T99'], ['E27', 'E23']) }), [
    pr('Hydrocortone', 'tab', [10, 20], 'mg', stk(100), [160, 230]),
    pr('Plenadren', 'depottab', [5, 20], 'mg', stk(50), [1100, 2200]),
  ]),
  sub('H03AA01', 'Levothyroxine sodium', 'Levotyroksinnatrium', ddd(0.15, 'mg', 'O'), 'C', use('chronic', 5.0, 'olderAdults', 0.82, 1.3, { blue: blue(0.95, ['T86'], ['E03', 'E89']), animal: { share: 0.02, species: ['dog'] } }), [
    pr(['Levaxin', 'Euthyrox'], 'tab', [25, 50, 75, 100, 125, 150], 'mcg', stk(100), [80, 160]),
  ]),
  sub('H03AA02', 'Liothyronine sodium', 'Liotyroninnatrium', ddd(60, 'mcg', 'O'), 'C', use('chronic', 0.05, 'adults', 0.85, 1.2, { blue: blue(0.9, ['T86'], ['E03']) }), [
    pr('Liothyronin Abcur', 'tab', 20, 'mcg', stk(100), [640, 640]),
  ]),
  sub('H03BB02', 'Thiamazole', 'Tiamazol', ddd(10, 'mg', 'O'), 'C', use('chronic', 0.2, 'adults', 0.8, 1.2, { blue: blue(0.95, ['T85'], ['E05']) }), [
    pr('Thacapzol', 'tab', 5, 'mg', stk(100), [130, 130]),
  ]),
  sub('H04AA01', 'Glucagon', 'Glukagon', ddd(1, 'mg', 'P'), 'C', use('asNeeded', 0.1, 'adults', 0.45, 1.0, { blue: blue(0.95, ['T89'], ['E10']) }), [
    pr('GlucaGen Hypokit', 'pulvInj', 1, 'mg', stk(1), [250, 250]),
  ]),
  sub('H05AA02', 'Teriparatide', 'Teriparatid', ddd(20, 'mcg', 'P'), 'C', use('chronic', 0.02, 'elderly', 0.85, 1.0, { blue: blue(0.9, ['L95'], ['M81']) }), [
    pr(['Forsteo', 'Movymia'], 'injOppl', 250, 'mcg', [ml(2.4)], [3300, 3300]),
  ]),
  sub('H05BX01', 'Cinacalcet', 'Cinakalset', ddd(60, 'mg', 'O'), 'C', use('chronic', 0.01, 'olderAdults', 0.45, 1.1, { blue: blue(0.95, ['U99', 'T99'], ['N18', 'N25']) }), [
    pr(['Mimpara', '~Teva'], 'tab', [30, 60], 'mg', stk(28), [580, 1100]),
  ]),
];
