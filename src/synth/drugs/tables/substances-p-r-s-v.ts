/**
 * P (antiparasitic products), R (respiratory system), S (sensory organs) and V (various).
 * WHO assigns no DDDs to most eye and ear preparations, nasal decongestants, allergen extracts,
 * antidotes and contrast media; fixed inhaler combinations have DDDs in UD, so they are null here.
 */
import { POLLEN, WINTER, blue, comp, ddd, dose, g, ml, pr, stk, sub, use, type Substance } from '../model.js';

const ASTHMA = blue(0.85, ['R96'], ['J45']);
const COPD = blue(0.9, ['R95'], ['J44']);
const AIRWAYS = blue(0.85, ['R96', 'R95'], ['J45', 'J44']);
const ALLERGY = blue(0.5, ['R97', 'F71'], ['J30', 'H10']);
const GLAUCOMA = blue(0.95, ['F93'], ['H40']);
const INHALED_COMBINATION = 'Fixed inhaler combination: WHO DDD is expressed in UD; null';
const EYE = 'WHO assigns no DDD to this eye or ear preparation';

export const SUBSTANCES_P: readonly Substance[] = [
  sub('P01AB01', 'Metronidazole', 'Metronidazol', ddd(2, 'g', 'O'), 'C', use('acute', 0.6, 'adults', 0.75, 1.0, { animal: { share: 0.1, species: ['dog', 'cat'] } }), [
    pr(['Flagyl', '~Actavis'], 'tab', [400, 500], 'mg', stk(14, 21, 100), [80, 320]),
  ]),
  sub('P01BA02', 'Hydroxychloroquine', 'Hydroksyklorokin', ddd(0.516, 'g', 'O'), 'C', use('chronic', 0.3, 'adults', 0.8, 1.2, { blue: blue(0.95, ['L88', 'L99'], ['M05', 'M32']) }), [
    pr(['Plaquenil', '~Mylan'], 'tab', 200, 'mg', stk(60, 100), [160, 250]),
  ]),
  sub('P01BB51', 'Proguanil, combinations', 'Proguanil, kombinasjoner', null, 'C', use('seasonal', 0.6, 'adults', 0.5, 1.1, { peakMonths: [6, 7, 12, 1, 2] }), [
    pr(['Malarone', '~Glenmark'], 'tab', [[100, 250]], 'mg', stk(12, 24), [280, 520]),
    pr('Malarone Junior', 'tab', [[25, 62.5]], 'mg', stk(12), [170, 170]),
  ], { components: [comp('Proguanil', 'Proguanil'), comp('Atovaquone', 'Atovakon')], dddNote: 'Combination: WHO DDD is expressed in UD; null' }),
  sub('P02CA01', 'Mebendazole', 'Mebendazol', ddd(0.2, 'g', 'O'), 'F', use('acute', 0.8, 'children', 0.55, 1.2), [
    pr('Vermox', 'tab', 100, 'mg', stk(6), [90, 90]),
  ]),
  sub('P02CF01', 'Ivermectin', 'Ivermektin', null, 'C', use('acute', 0.2, 'all', 0.55, 1.1), [
    pr('Stromectol', 'tab', 3, 'mg', stk(4, 20), [190, 820]),
  ], { dddNote: 'WHO DDD for ivermectin not recalled with confidence; null' }),
  sub('P02CX01', 'Pyrvinium', 'Pyrvinium', null, 'F', use('acute', 0.3, 'children', 0.55, 1.1), [
    pr('Vanquin', 'tab', 50, 'mg', stk(8), [110, 110]),
  ], { dddNote: 'WHO DDD for pyrvinium not recalled with confidence; null' }),
  sub('P03AC04', 'Permethrin', 'Permetrin', null, 'F', use('acute', 0.8, 'all', 0.55, 1.3), [
    pr('Zalvor', 'krem', 50, 'mg', [g(30), g(60)], [130, 220]),
  ], { dddNote: 'Topical: WHO assigns no DDD' }),
];

export const SUBSTANCES_R: readonly Substance[] = [
  sub('R01AA07', 'Xylometazoline', 'Xylometazolin', null, 'F', use('acute', 0.3, 'all', 0.55, 1.1, { peakMonths: WINTER }), [
    pr('Otrivin', 'nesespray', [0.5, 1], 'mg', [ml(10)], [60, 60], { per: 'ml' }),
  ], { dddNote: 'Nasal decongestant: no DDD recalled; null' }),
  sub('R01AD05', 'Budesonide', 'Budesonid', null, 'C', use('seasonal', 0.5, 'adults', 0.55, 1.1, { peakMonths: POLLEN, blue: ALLERGY }), [
    pr('Rhinocort Aqua', 'nesespray', 64, 'mcg', [dose(120)], [150, 150]),
  ], { dddNote: 'Nasal corticosteroid: DDD not recalled with confidence; null' }),
  sub('R01AD08', 'Fluticasone', 'Flutikason', null, 'C', use('seasonal', 0.5, 'adults', 0.55, 1.1, { peakMonths: POLLEN, blue: ALLERGY }), [
    pr('Flutide Nasal', 'nesespray', 50, 'mcg', [dose(120)], [140, 140]),
  ], { dddNote: 'Nasal corticosteroid: DDD not recalled with confidence; null' }),
  sub('R01AD09', 'Mometasone', 'Mometason', null, 'C', use('seasonal', 4.0, 'all', 0.55, 1.2, { peakMonths: POLLEN, blue: ALLERGY }), [
    pr(['Nasonex', 'Nasomet', '~Orifarm'], 'nesespray', 50, 'mcg', [dose(60), dose(140), dose(140, 3)], [90, 390], { otcMax: 60 }),
  ], { dddNote: 'Nasal corticosteroid: DDD not recalled with confidence; null' }),
  sub('R03AC02', 'Salbutamol', 'Salbutamol', [ddd(0.8, 'mg', 'Inhal.aerosol'), ddd(0.8, 'mg', 'Inhal.powder'), ddd(10, 'mg', 'Inhal.solution'), ddd(12, 'mg', 'O')], 'C', use('asNeeded', 4.0, 'all', 0.55, 1.2, { blue: AIRWAYS }), [
    pr(['Ventoline', 'Airomir'], 'inhAerosol', 0.1, 'mg', [dose(200)], [70, 70]),
    pr(['Buventol Easyhaler', 'Ventoline Diskus'], 'inhPulver', [0.1, 0.2], 'mg', [dose(200), dose(60)], [90, 140]),
    pr('Ventoline', 'inhNeb', 5, 'mg', [ml(20)], [90, 90]),
  ]),
  sub('R03AC03', 'Terbutaline', 'Terbutalin', ddd(2, 'mg', 'Inhal.powder'), 'C', use('asNeeded', 0.8, 'all', 0.55, 1.2, { blue: AIRWAYS }), [
    pr('Bricanyl Turbuhaler', 'inhPulver', [0.25, 0.5], 'mg', [dose(120)], [110, 150]),
  ]),
  sub('R03AC12', 'Salmeterol', 'Salmeterol', ddd(0.1, 'mg', 'Inhal'), 'C', use('chronic', 0.05, 'olderAdults', 0.55, 1.1, { blue: AIRWAYS }), [
    pr('Serevent', 'inhAerosol', 25, 'mcg', [dose(120)], [290, 290]),
    pr('Serevent Diskus', 'inhPulver', 50, 'mcg', [dose(60)], [300, 300]),
  ]),
  sub('R03AC13', 'Formoterol', 'Formoterol', ddd(24, 'mcg', 'Inhal'), 'C', use('chronic', 0.2, 'olderAdults', 0.55, 1.1, { blue: AIRWAYS }), [
    pr('Oxis Turbuhaler', 'inhPulver', [4.5, 9], 'mcg', [dose(60)], [190, 260]),
    pr('Formoterol Easyhaler', 'inhPulver', 12, 'mcg', [dose(120)], [360, 360]),
  ]),
  sub('R03AC18', 'Indacaterol', 'Indakaterol', ddd(0.15, 'mg', 'Inhal.powder'), 'C', use('chronic', 0.02, 'elderly', 0.5, 1.1, { blue: COPD }), [
    pr('Onbrez Breezhaler', 'inhPulverKaps', [150, 300], 'mcg', stk(30), [390, 520]),
  ]),
  sub('R03AK06', 'Salmeterol and fluticasone', 'Salmeterol og flutikason', null, 'C', use('chronic', 1.0, 'olderAdults', 0.58, 1.2, { blue: AIRWAYS }), [
    pr(['Seretide Diskus', 'Salmeterol/Fluticasone Orion'], 'inhPulver', [[50, 100], [50, 250], [50, 500]], 'mcg', [dose(60)], [280, 560]),
  ], { components: [comp('Salmeterol', 'Salmeterol'), comp('Fluticasone', 'Flutikason')], dddNote: INHALED_COMBINATION }),
  sub('R03AK07', 'Formoterol and budesonide', 'Formoterol og budesonid', null, 'C', use('chronic', 3.0, 'adults', 0.58, 1.2, { blue: AIRWAYS }), [
    pr(['Symbicort Turbuhaler', 'Bufomix Easyhaler', 'DuoResp Spiromax'], 'inhPulver', [[4.5, 160], [9, 320]], 'mcg', [dose(60), dose(120)], [260, 720]),
  ], { components: [comp('Formoterol', 'Formoterol'), comp('Budesonide', 'Budesonid')], dddNote: INHALED_COMBINATION }),
  sub('R03AK08', 'Formoterol and beclometasone', 'Formoterol og beklometason', null, 'C', use('chronic', 0.3, 'adults', 0.58, 1.2, { blue: AIRWAYS }), [
    pr('Innovair', 'inhAerosol', [[6, 100], [6, 200]], 'mcg', [dose(120)], [430, 560]),
  ], { components: [comp('Formoterol', 'Formoterol'), comp('Beclometasone', 'Beklometason')], dddNote: INHALED_COMBINATION }),
  sub('R03AK10', 'Vilanterol and fluticasone furoate', 'Vilanterol og flutikasonfuroat', null, 'C', use('chronic', 0.4, 'olderAdults', 0.57, 1.2, { blue: AIRWAYS }), [
    pr('Relvar Ellipta', 'inhPulver', [[22, 92], [22, 184]], 'mcg', [dose(30)], [330, 450]),
  ], { components: [comp('Vilanterol', 'Vilanterol'), comp('Fluticasone furoate', 'Flutikasonfuroat')], dddNote: INHALED_COMBINATION }),
  sub('R03AL03', 'Vilanterol and umeclidinium bromide', 'Vilanterol og umeklidiniumbromid', null, 'C', use('chronic', 0.3, 'elderly', 0.52, 1.2, { blue: COPD }), [
    pr('Anoro Ellipta', 'inhPulver', [[22, 55]], 'mcg', [dose(30)], [520, 520]),
  ], { components: [comp('Vilanterol', 'Vilanterol'), comp('Umeclidinium bromide', 'Umeklidiniumbromid')], dddNote: INHALED_COMBINATION }),
  sub('R03BA01', 'Beclometasone', 'Beklometason', ddd(0.8, 'mg', 'Inhal'), 'C', use('chronic', 0.1, 'adults', 0.58, 1.1, { blue: ASTHMA }), [
    pr('Qvar', 'inhAerosol', [50, 100], 'mcg', [dose(200)], [190, 290]),
  ], { dddNote: 'Inhal 0.8 mg recalled; WHO may distinguish extrafine aerosols' }),
  sub('R03BA02', 'Budesonide', 'Budesonid', ddd(0.8, 'mg', 'Inhal.powder'), 'C', use('chronic', 0.8, 'all', 0.55, 1.1, { blue: ASTHMA }), [
    pr(['Pulmicort Turbuhaler', 'Giona Easyhaler'], 'inhPulver', [100, 200, 400], 'mcg', [dose(100), dose(200)], [150, 380]),
    pr('Pulmicort', 'inhNeb', [0.25, 0.5], 'mg', [ml(2, 20)], [290, 420]),
  ], { dddNote: 'Nebuliser solution carries no DDD here (not recalled)' }),
  sub('R03BA05', 'Fluticasone', 'Flutikason', ddd(0.6, 'mg', 'Inhal'), 'C', use('chronic', 0.3, 'all', 0.55, 1.1, { blue: ASTHMA }), [
    pr('Flutide', 'inhAerosol', [50, 125, 250], 'mcg', [dose(120)], [150, 420]),
    pr('Flutide Diskus', 'inhPulver', [100, 250, 500], 'mcg', [dose(60)], [160, 420]),
  ]),
  sub('R03BA08', 'Ciclesonide', 'Ciklesonid', ddd(0.16, 'mg', 'Inhal'), 'C', use('chronic', 0.05, 'adults', 0.55, 1.1, { blue: ASTHMA }), [
    pr('Alvesco', 'inhAerosol', [80, 160], 'mcg', [dose(120)], [340, 520]),
  ]),
  sub('R03BB01', 'Ipratropium bromide', 'Ipratropiumbromid', [ddd(0.12, 'mg', 'Inhal.aerosol'), ddd(0.3, 'mg', 'Inhal.solution')], 'C', use('chronic', 0.3, 'elderly', 0.5, 1.2, { blue: COPD }), [
    pr('Atrovent', 'inhAerosol', 20, 'mcg', [dose(200)], [130, 130]),
    pr('Atrovent', 'inhNeb', 0.25, 'mg', [ml(2, 20)], [180, 180]),
  ]),
  sub('R03BB04', 'Tiotropium bromide', 'Tiotropiumbromid', [ddd(18, 'mcg', 'Inhal.powder'), ddd(5, 'mcg', 'Inhal.solution')], 'C', use('chronic', 1.2, 'elderly', 0.52, 1.2, { blue: COPD }), [
    pr(['Spiriva', 'Braltus'], 'inhPulverKaps', 18, 'mcg', stk(30, 90), [420, 1150]),
    pr('Spiriva Respimat', 'inhOppl', 2.5, 'mcg', [dose(60)], [440, 440]),
  ]),
  sub('R03BB06', 'Glycopyrronium bromide', 'Glykopyrroniumbromid', ddd(44, 'mcg', 'Inhal.powder'), 'C', use('chronic', 0.05, 'elderly', 0.5, 1.2, { blue: COPD }), [
    pr('Seebri Breezhaler', 'inhPulverKaps', 44, 'mcg', stk(30), [420, 420]),
  ]),
  sub('R03BB07', 'Umeclidinium bromide', 'Umeklidiniumbromid', ddd(55, 'mcg', 'Inhal.powder'), 'C', use('chronic', 0.1, 'elderly', 0.5, 1.2, { blue: COPD }), [
    pr('Incruse Ellipta', 'inhPulver', 55, 'mcg', [dose(30)], [390, 390]),
  ]),
  sub('R03DA04', 'Theophylline', 'Teofyllin', ddd(0.4, 'g', 'O'), 'C', use('chronic', 0.05, 'elderly', 0.55, 1.2, { blue: AIRWAYS }), [
    pr('Theo-Dur', 'depottab', [200, 300], 'mg', stk(100), [160, 210]),
  ]),
  sub('R03DC03', 'Montelukast', 'Montelukast', ddd(10, 'mg', 'O'), 'C', use('chronic', 1.5, 'all', 0.5, 1.2, { blue: ASTHMA }), [
    pr(['Singulair', '~Orifarm', '~Krka'], 'tab', 10, 'mg', stk(28, 98), [70, 300]),
    pr('Singulair', 'tyggetab', [4, 5], 'mg', stk(28, 98), [90, 300]),
  ]),
  sub('R03DX05', 'Omalizumab', 'Omalizumab', ddd(16, 'mg', 'P'), 'C', use('chronic', 0.02, 'adults', 0.55, 1.0, { blue: ASTHMA }), [
    pr('Xolair', 'injOppl', 150, 'mg', [ml(1), ml(0.5)], [2600, 5200]),
  ]),
  sub('R05CB01', 'Acetylcysteine', 'Acetylcystein', ddd(0.5, 'g', 'O'), 'F', use('chronic', 0.4, 'elderly', 0.55, 1.2, { blue: COPD }), [
    pr(['Mucomyst', '~Mylan'], 'brusetab', [200, 600], 'mg', stk(20, 25), [90, 160]),
  ]),
  sub('R05DA01', 'Ethylmorphine', 'Etylmorfin', null, 'B', use('seasonal', 1.0, 'adults', 0.58, 1.0, { peakMonths: WINTER }), [
    pr('Cosylan', 'mikstOppl', 1.7, 'mg', [ml(100), ml(200)], [90, 140]),
  ], { dddNote: 'WHO DDD for ethylmorphine not recalled with confidence; null' }),
  sub('R06AD02', 'Promethazine', 'Prometazin', ddd(25, 'mg', 'O'), 'C', use('asNeeded', 0.8, 'adults', 0.6, 1.1), [
    pr('Phenergan', 'tab', 25, 'mg', stk(30, 100), [70, 160]),
  ], { dddNote: 'WHO DDD 25 mg O recalled, not verified' }),
  sub('R06AE07', 'Cetirizine', 'Cetirizin', ddd(10, 'mg', 'O'), 'F', use('seasonal', 5.0, 'all', 0.56, 1.3, { peakMonths: POLLEN, blue: ALLERGY }), [
    pr(['Zyrtec', '~Orifarm', '~Mylan'], 'tab', 10, 'mg', stk(7, 30, 100), [45, 190], { rx: 'C', otcMax: 30 }),
    pr('Zyrtec', 'draper', 10, 'mg', [ml(20)], [110, 110]),
  ]),
  sub('R06AE09', 'Levocetirizine', 'Levocetirizin', ddd(5, 'mg', 'O'), 'C', use('seasonal', 1.0, 'all', 0.56, 1.3, { peakMonths: POLLEN, blue: ALLERGY }), [
    pr(['Xyzal', '~Orifarm'], 'tab', 5, 'mg', stk(28, 98), [90, 260]),
  ]),
  sub('R06AX13', 'Loratadine', 'Loratadin', ddd(10, 'mg', 'O'), 'F', use('seasonal', 0.5, 'all', 0.56, 1.2, { peakMonths: POLLEN }), [
    pr(['Clarityn', '~Mylan'], 'tab', 10, 'mg', stk(7, 30, 100), [45, 170], { rx: 'C', otcMax: 30 }),
  ]),
  sub('R06AX22', 'Ebastine', 'Ebastin', ddd(10, 'mg', 'O'), 'C', use('seasonal', 0.3, 'adults', 0.56, 1.2, { peakMonths: POLLEN, blue: ALLERGY }), [
    pr('Kestine', 'tab', [10, 20], 'mg', stk(30, 100), [110, 340]),
  ]),
  sub('R06AX26', 'Fexofenadine', 'Feksofenadin', ddd(0.12, 'g', 'O'), 'C', use('seasonal', 0.8, 'adults', 0.56, 1.2, { peakMonths: POLLEN, blue: ALLERGY }), [
    pr(['Telfast', '~Orifarm'], 'tab', [120, 180], 'mg', stk(30, 100), [90, 310]),
  ]),
  sub('R06AX27', 'Desloratadine', 'Desloratadin', ddd(5, 'mg', 'O'), 'C', use('seasonal', 2.0, 'all', 0.56, 1.3, { peakMonths: POLLEN, blue: ALLERGY }), [
    pr(['Aerius', '~Krka', '~Orifarm'], 'tab', 5, 'mg', stk(30, 100), [70, 280]),
    pr('Aerius', 'mikstOppl', 0.5, 'mg', [ml(150)], [130, 130]),
  ]),
  sub('R06AX29', 'Bilastine', 'Bilastin', ddd(20, 'mg', 'O'), 'C', use('seasonal', 0.3, 'adults', 0.56, 1.2, { peakMonths: POLLEN, blue: ALLERGY }), [
    pr('Bilaxten', 'tab', 20, 'mg', stk(30, 100), [140, 390]),
  ]),
];

export const SUBSTANCES_S: readonly Substance[] = [
  sub('S01AA01', 'Chloramphenicol', 'Kloramfenikol', null, 'C', use('acute', 3.0, 'children', 0.55, 1.0, { animal: { share: 0.05, species: ['dog', 'cat'] } }), [
    pr(['Kloramfenikol Santen', 'Chloromycetin'], 'oyedraper', 5, 'mg', [ml(10)], [70, 70]),
    pr('Chloromycetin', 'oyesalve', 10, 'mg', [g(4)], [75, 75]),
  ], { dddNote: EYE }),
  sub('S01AA13', 'Fusidic acid', 'Fusidinsyre', null, 'C', use('acute', 1.0, 'children', 0.55, 1.0, { animal: { share: 0.15, species: ['dog', 'cat'] } }), [
    pr('Fucithalmic', 'oyedraper', 10, 'mg', [g(5)], [80, 80], { per: 'g' }),
  ], { dddNote: EYE }),
  sub('S01AD03', 'Aciclovir', 'Aciklovir', null, 'C', use('acute', 0.1, 'adults', 0.55, 1.0), [
    pr('Zovirax', 'oyesalve', 30, 'mg', [g(4.5)], [140, 140]),
  ], { dddNote: EYE }),
  sub('S01BA01', 'Dexamethasone', 'Deksametason', null, 'C', use('acute', 0.5, 'adults', 0.55, 1.0), [
    pr('Isopto-Maxidex', 'oyedraper', 1, 'mg', [ml(5)], [90, 90]),
  ], { dddNote: EYE }),
  sub('S01CA01', 'Dexamethasone and antiinfectives', 'Deksametason og antiinfektiva', null, 'C', use('acute', 0.3, 'adults', 0.55, 1.0), [
    pr('Tobradex', 'oyedraper', [[1, 3]], 'mg', [ml(5)], [130, 130]),
  ], { components: [comp('Dexamethasone', 'Deksametason'), comp('Tobramycin', 'Tobramycin')], dddNote: EYE }),
  sub('S01EA05', 'Brimonidine', 'Brimonidin', null, 'C', use('chronic', 0.1, 'elderly', 0.58, 1.2, { blue: GLAUCOMA }), [
    pr('Alphagan', 'oyedraper', 2, 'mg', [ml(5), ml(5, 3)], [130, 330]),
  ], { dddNote: EYE }),
  sub('S01EC03', 'Dorzolamide', 'Dorzolamid', null, 'C', use('chronic', 0.1, 'elderly', 0.58, 1.2, { blue: GLAUCOMA }), [
    pr(['Trusopt', '~Orifarm'], 'oyedraper', 20, 'mg', [ml(5), ml(5, 3)], [120, 300]),
  ], { dddNote: EYE }),
  sub('S01ED01', 'Timolol', 'Timolol', null, 'C', use('chronic', 0.2, 'elderly', 0.58, 1.2, { blue: GLAUCOMA }), [
    pr('Timosan', 'oyedraper', [2.5, 5], 'mg', [ml(5), ml(5, 3)], [90, 230]),
  ], { dddNote: EYE }),
  sub('S01ED51', 'Timolol, combinations', 'Timolol, kombinasjoner', null, 'C', use('chronic', 0.4, 'elderly', 0.58, 1.2, { blue: GLAUCOMA }), [
    pr(['Cosopt', '~Orifarm'], 'oyedraper', [[5, 20]], 'mg', [ml(5), ml(5, 3)], [160, 420]),
  ], { components: [comp('Timolol', 'Timolol'), comp('Dorzolamide', 'Dorzolamid')], dddNote: EYE }),
  sub('S01EE01', 'Latanoprost', 'Latanoprost', null, 'C', use('chronic', 0.8, 'elderly', 0.58, 1.2, { blue: GLAUCOMA }), [
    pr(['Xalatan', 'Monoprost', '~Orifarm'], 'oyedraper', 50, 'mcg', [ml(2.5), ml(2.5, 3)], [90, 260]),
  ], { dddNote: 'WHO DDD for glaucoma eye drops not recalled with confidence; null' }),
  sub('S01EE03', 'Bimatoprost', 'Bimatoprost', null, 'C', use('chronic', 0.1, 'elderly', 0.58, 1.2, { blue: GLAUCOMA }), [
    pr('Lumigan', 'oyedraper', 0.1, 'mg', [ml(3), ml(3, 3)], [190, 520]),
  ], { dddNote: 'WHO DDD for glaucoma eye drops not recalled with confidence; null' }),
  sub('S01EE04', 'Travoprost', 'Travoprost', null, 'C', use('chronic', 0.2, 'elderly', 0.58, 1.2, { blue: GLAUCOMA }), [
    pr(['Travatan', '~Orifarm'], 'oyedraper', 40, 'mcg', [ml(2.5), ml(2.5, 3)], [140, 380]),
  ], { dddNote: 'WHO DDD for glaucoma eye drops not recalled with confidence; null' }),
  sub('S01GX01', 'Cromoglicic acid', 'Kromoglikat', null, 'F', use('seasonal', 0.2, 'all', 0.55, 1.0, { peakMonths: POLLEN }), [
    pr('Lomudal', 'oyedraper', 20, 'mg', [ml(10)], [110, 110]),
  ], { dddNote: EYE }),
  sub('S01GX02', 'Levocabastine', 'Levokabastin', null, 'F', use('seasonal', 0.3, 'all', 0.55, 1.0, { peakMonths: POLLEN }), [
    pr('Livostin', 'oyedraper', 0.5, 'mg', [ml(4)], [95, 95]),
  ], { dddNote: EYE }),
  sub('S01GX09', 'Olopatadine', 'Olopatadin', null, 'C', use('seasonal', 0.5, 'all', 0.55, 1.0, { peakMonths: POLLEN, blue: ALLERGY }), [
    pr('Opatanol', 'oyedraper', 1, 'mg', [ml(5)], [170, 170]),
  ], { dddNote: EYE }),
  sub('S01LA05', 'Aflibercept', 'Aflibercept', null, 'C', use('chronic', 0.1, 'elderly', 0.6, 1.0, { blue: blue(0.95, ['F84'], ['H35']) }), [
    pr('Eylea', 'injOppl', 40, 'mg', [ml(0.1)], [7200, 7200]),
  ], { dddNote: EYE }),
  sub('S01XA20', 'Artificial tears and other indifferent preparations', 'Kunstige tårer og andre indifferente preparater', null, 'F', use('chronic', 1.0, 'elderly', 0.72, 1.5, { blue: blue(0.3, ['F99'], ['M35', 'H04']) }), [
    pr('Viscotears', 'oyedraper', 2, 'mg', [g(10), g(10, 3)], [70, 170], { per: 'g' }),
  ], { dddNote: EYE }),
  sub('S02CA03', 'Hydrocortisone and antiinfectives', 'Hydrokortison og antiinfektiva', null, 'C', use('acute', 1.0, 'all', 0.5, 1.0, { animal: { share: 0.05, species: ['dog'] } }), [
    pr('Terra-Cortril med polymyksin B', 'oredraper', [[15, 5]], 'mg', [ml(5)], [110, 110]),
  ], { components: [comp('Hydrocortisone', 'Hydrokortison'), comp('Oxytetracycline', 'Oksytetrasyklin')], dddNote: EYE }),
];

export const SUBSTANCES_V: readonly Substance[] = [
  sub('V01AA02', 'Grass pollen', 'Gresspollen', null, 'C', use('seasonal', 0.1, 'youngAdults', 0.45, 1.1, { peakMonths: [1, 2, 3, 4, 5, 6] }), [
    pr('Grazax', 'frysetorketTab', 75_000, 'IE', stk(30, 90), [900, 2500]),
  ], { dddNote: 'Allergen extracts have no DDD; strength in SQ-T shown as IE' }),
  sub('V01AA03', 'House dust mites', 'Husstøvmidd', null, 'C', use('chronic', 0.1, 'youngAdults', 0.5, 1.1), [
    pr('Acarizax', 'frysetorketTab', 12, 'IE', stk(30, 90), [900, 2500]),
  ], { dddNote: 'Allergen extracts have no DDD; strength in SQ-HDM shown as IE' }),
  sub('V01AA05', 'Tree pollen', 'Trepollen', null, 'C', use('seasonal', 0.05, 'youngAdults', 0.5, 1.1, { peakMonths: [1, 2, 3, 4, 5] }), [
    pr('Itulazax', 'frysetorketTab', 12, 'IE', stk(30, 90), [900, 2500]),
  ], { dddNote: 'Allergen extracts have no DDD; strength in SQ-Bet shown as IE' }),
  sub('V03AB15', 'Naloxone', 'Nalokson', null, 'C', use('asNeeded', 0.1, 'adults', 0.35, 1.0), [
    pr('Nyxoid', 'nesespray', 1.8, 'mg', [dose(2)], [320, 320]),
    pr('~B. Braun', 'injOppl', 0.4, 'mg', [ml(1, 10)], [420, 420]),
  ], { dddNote: 'Antidotes have no DDD' }),
  sub('V03AE02', 'Sevelamer', 'Sevelamer', ddd(6.4, 'g', 'O'), 'C', use('chronic', 0.03, 'olderAdults', 0.4, 1.2, { blue: blue(0.95, ['U99'], ['N18']) }), [
    pr(['Renvela', '~Sandoz'], 'tab', 800, 'mg', stk(180), [900, 1300]),
  ]),
  sub('V08AB02', 'Iohexol', 'Ioheksol', null, 'C', use('acute', 0.001, 'adults', 0.5, 1.0), [
    pr('Omnipaque', 'injOppl', 647, 'mg', [ml(100, 10)], [2900, 2900]),
  ], { dddNote: 'Contrast media have no DDD' }),
];
