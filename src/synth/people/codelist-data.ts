/**
 * The non-drug code lists as data. Codes are real where the list is national (3101, 7110, 7170,
 * 7427, 9060); 99775, 99792 and 99794 are the register's local lists and are defined here.
 *
 * Sources: Volven 3101 and 9060 as published on FHIR (HL7 Norway / Helsedirektoratet), 7427 as
 * carried in FEST (Refusjonshjemmel), ICD-10 and ICPC-2 (WHO / WONCA) with Norwegian texts
 * (abridged). ICD-10 codes are written without the dot, as in Volven and KITH messages (E119).
 */

/** 3101 Kjønn. */
export const SEX_CODES: readonly [code: string, display: string, english: string][] = [
  ['0', 'Ikke kjent', 'Not known'],
  ['1', 'Mann', 'Male'],
  ['2', 'Kvinne', 'Female'],
  ['9', 'Ikke spesifisert', 'Not specified'],
];

/** ICD-10 chapters: code range (used as the chapter's code), roman numeral, Norwegian title. */
export const ICD10_CHAPTERS: readonly [range: string, roman: string, title: string][] = [
  ['A00-B99', 'I', 'Visse infeksjonssykdommer og parasittsykdommer'],
  ['C00-D48', 'II', 'Svulster'],
  ['D50-D89', 'III', 'Sykdommer i blod og bloddannende organer og visse tilstander som angår immunsystemet'],
  ['E00-E90', 'IV', 'Endokrine sykdommer, ernæringssykdommer og metabolske forstyrrelser'],
  ['F00-F99', 'V', 'Psykiske lidelser og atferdsforstyrrelser'],
  ['G00-G99', 'VI', 'Sykdommer i nervesystemet'],
  ['H00-H59', 'VII', 'Sykdommer i øyet og øyets omgivelser'],
  ['H60-H95', 'VIII', 'Sykdommer i øre og ørebensknute'],
  ['I00-I99', 'IX', 'Sykdommer i sirkulasjonssystemet'],
  ['J00-J99', 'X', 'Sykdommer i åndedrettssystemet'],
  ['K00-K93', 'XI', 'Sykdommer i fordøyelsessystemet'],
  ['L00-L99', 'XII', 'Sykdommer i hud og underhud'],
  ['M00-M99', 'XIII', 'Sykdommer i muskel-skjelettsystemet og bindevev'],
  ['N00-N99', 'XIV', 'Sykdommer i urinveier og kjønnsorganer'],
  ['O00-O99', 'XV', 'Svangerskap, fødsel og barseltid'],
  ['P00-P96', 'XVI', 'Visse tilstander som oppstår i perinatalperioden'],
  ['Q00-Q99', 'XVII', 'Medfødte misdannelser, deformiteter og kromosomavvik'],
  ['R00-R99', 'XVIII', 'Symptomer, tegn, unormale kliniske funn og laboratoriefunn, ikke klassifisert annet sted'],
  ['S00-T98', 'XIX', 'Skader, forgiftninger og visse andre konsekvenser av ytre årsaker'],
  ['V01-Y98', 'XX', 'Ytre årsaker til sykdom og død'],
  ['Z00-Z99', 'XXI', 'Faktorer som har betydning for helsetilstand og kontakt med helsetjenesten'],
  ['U00-U99', 'XXII', 'Koder for spesielle formål'],
];

/**
 * ICD-10 codes used as reimbursement codes on blue prescriptions (3-character categories and some
 * 4-character subcategories): `code|Norwegian text`.
 */
export const ICD10_CODES = `
A15|Tuberkulose i åndedrettsorganer, bakteriologisk eller histologisk bekreftet
A46|Erysipelas
A69|Andre spiroketinfeksjoner
A692|Lyme borreliose
B18|Kronisk virushepatitt
B181|Kronisk virushepatitt B uten deltaagens
B182|Kronisk virushepatitt C
B20|Sykdom som skyldes humant immunsviktvirus [HIV] som gir infeksjonssykdommer og parasittsykdommer
B24|Uspesifisert sykdom som skyldes humant immunsviktvirus [HIV]
B35|Dermatofytose
B37|Candidiasis
B86|Skabb
C18|Ondartet svulst i tykktarm
C20|Ondartet svulst i endetarm
C34|Ondartet svulst i bronkie og lunge
C43|Ondartet melanom i hud
C50|Ondartet svulst i bryst
C56|Ondartet svulst i eggstokk
C61|Ondartet svulst i blærehalskjertel
C64|Ondartet svulst i nyre, unntatt nyrebekken
C67|Ondartet svulst i urinblære
C71|Ondartet svulst i hjerne
C73|Ondartet svulst i skjoldkjertel
C81|Hodgkins lymfom
C83|Ikke-follikulært lymfom
C90|Myelomatose og ondartede plasmacellesvulster
C91|Lymfatisk leukemi
C92|Myeloisk leukemi
D45|Polycythaemia vera
D50|Jernmangelanemi
D51|Vitamin B12-mangelanemi
D66|Arvelig mangel på faktor VIII
D67|Arvelig mangel på faktor IX
D68|Andre koagulasjonsdefekter
D69|Purpura og andre blødningstilstander
D80|Immunsvikt med hovedsakelig antistoffsvikt
D84|Annen immunsvikt
D86|Sarkoidose
E03|Annen hypotyreose
E039|Uspesifisert hypotyreose
E04|Annet ikke-toksisk struma
E05|Tyreotoksikose [hypertyreose]
E06|Tyreoiditt
E10|Diabetes mellitus type 1
E109|Diabetes mellitus type 1 uten komplikasjoner
E11|Diabetes mellitus type 2
E119|Diabetes mellitus type 2 uten komplikasjoner
E16|Andre forstyrrelser i bukspyttkjertelens indre sekresjon
E22|Hyperfunksjon av hypofysen
E23|Hypofunksjon og andre forstyrrelser i hypofysen
E27|Andre sykdommer i binyre
E28|Ovariedysfunksjon
E55|D-vitaminmangel
E66|Fedme
E70|Forstyrrelser i omsetningen av aromatiske aminosyrer
E700|Klassisk fenylketonuri
E75|Forstyrrelser i sfingolipidomsetningen og andre lipidlagringssykdommer
E78|Forstyrrelser i lipoproteinomsetningen og andre lipidemier
E780|Ren hyperkolesterolemi
E785|Uspesifisert hyperlipidemi
E83|Forstyrrelser i mineralomsetningen
E84|Cystisk fibrose
E89|Endokrine og metabolske forstyrrelser etter medisinske prosedyrer
F00|Demens ved Alzheimers sykdom
F03|Uspesifisert demens
F10|Psykiske lidelser og atferdsforstyrrelser som skyldes bruk av alkohol
F11|Psykiske lidelser og atferdsforstyrrelser som skyldes bruk av opioider
F17|Psykiske lidelser og atferdsforstyrrelser som skyldes bruk av tobakk
F20|Schizofreni
F25|Schizoaffektive lidelser
F31|Bipolar affektiv lidelse
F32|Depressiv episode
F33|Tilbakevendende depressiv lidelse
F41|Andre angstlidelser
F42|Tvangslidelse
F43|Reaksjon på alvorlig belastning og tilpasningsforstyrrelser
F50|Spiseforstyrrelser
F51|Ikke-organiske søvnforstyrrelser
F60|Spesifikke personlighetsforstyrrelser
F84|Gjennomgripende utviklingsforstyrrelser
F90|Hyperkinetiske forstyrrelser
F900|Forstyrrelse av aktivitet og oppmerksomhet
F95|Tics
G20|Parkinsons sykdom
G25|Andre ekstrapyramidale sykdommer og bevegelsesforstyrrelser
G30|Alzheimers sykdom
G35|Multippel sklerose
G40|Epilepsi
G43|Migrene
G44|Andre hodepinesyndromer
G47|Søvnforstyrrelser
G474|Narkolepsi og katapleksi
G50|Sykdommer i trigeminusnerven
G62|Andre polynevropatier
G70|Myasthenia gravis og andre sykdommer i nerve-muskelforbindelsen
G80|Cerebral parese
H04|Sykdommer i tåreapparatet
H10|Konjunktivitt
H16|Keratitt
H20|Iridosyklitt
H35|Andre sykdommer i netthinnen
H353|Degenerasjon av makula og bakre pol
H40|Glaukom
H401|Primært åpenvinkelglaukom
H60|Otitis externa
H66|Suppurativ og uspesifisert mellomørebetennelse
H81|Forstyrrelser i likevektsfunksjonen
I10|Essensiell (primær) hypertensjon
I11|Hypertensiv hjertesykdom
I20|Angina pectoris
I21|Akutt hjerteinfarkt
I25|Kronisk iskemisk hjertesykdom
I26|Lungeemboli
I27|Andre pulmonale hjertesykdommer
I270|Primær pulmonal hypertensjon
I42|Kardiomyopati
I48|Atrieflimmer og atrieflutter
I49|Andre hjerterytmeforstyrrelser
I50|Hjertesvikt
I63|Hjerneinfarkt
I64|Hjerneslag, ikke spesifisert som blødning eller infarkt
I69|Følgetilstander etter hjernekarsykdom
I70|Aterosklerose
I73|Andre perifere karsykdommer
I80|Flebitt og tromboflebitt
I83|Åreknuter i underekstremiteter
I84|Hemoroider
J01|Akutt bihulebetennelse
J02|Akutt faryngitt
J03|Akutt tonsillitt
J15|Bakteriell lungebetennelse, ikke klassifisert annet sted
J18|Pneumoni med uspesifisert mikroorganisme
J20|Akutt bronkitt
J30|Vasomotorisk og allergisk rhinitt
J44|Annen kronisk obstruktiv lungesykdom
J45|Astma
J47|Bronkiektasi
J84|Andre interstitielle lungesykdommer
J96|Respirasjonssvikt, ikke klassifisert annet sted
K12|Stomatitt og beslektede lesjoner
K21|Gastroøsofageal reflukssykdom
K25|Magesår
K26|Duodenalsår
K29|Gastritt og duodenitt
K50|Crohns sykdom
K51|Ulcerøs kolitt
K58|Irritabel tarm-syndrom
K59|Andre funksjonelle tarmsykdommer
K590|Forstoppelse
K70|Alkoholisk leversykdom
K74|Fibrose og cirrhose i lever
K75|Andre inflammatoriske leversykdommer
K754|Autoimmun hepatitt
K83|Andre sykdommer i galleveier
K86|Andre sykdommer i bukspyttkjertel
K90|Intestinal malabsorpsjon
K900|Cøliaki
L20|Atopisk dermatitt
L21|Seboreisk dermatitt
L23|Allergisk kontaktdermatitt
L30|Annen dermatitt
L40|Psoriasis
L50|Urtikaria
L63|Alopecia areata
L70|Akne
L71|Rosacea
L73|Andre sykdommer i hårsekker
L732|Hidradenitis suppurativa
L80|Vitiligo
M05|Seropositiv revmatoid artritt
M06|Annen revmatoid artritt
M07|Psoriasisartropatier og enteropatiske artropatier
M08|Juvenil artritt
M10|Urinsyregikt
M15|Polyartrose
M16|Hofteleddsartrose
M17|Kneleddsartrose
M31|Andre nekrotiserende vaskulopatier
M32|Systemisk lupus erythematosus
M34|Systemisk sklerose
M35|Annen systemisk bindevevssykdom
M353|Polymyalgia rheumatica
M45|Bekhterevs sykdom
M54|Ryggsmerter
M79|Andre bløtvevssykdommer, ikke klassifisert annet sted
M797|Fibromyalgi
M80|Osteoporose med patologisk brudd
M81|Osteoporose uten patologisk brudd
M88|Pagets sykdom i knokkel
N18|Kronisk nyresykdom
N25|Forstyrrelser som skyldes nedsatt tubulær nyrefunksjon
N30|Blærekatarr
N31|Nevromuskulær dysfunksjon i urinblære
N32|Andre sykdommer i urinblære
N39|Andre sykdommer i urinveier
N390|Urinveisinfeksjon med uspesifisert lokalisasjon
N394|Annen spesifisert urininkontinens
N40|Prostatahyperplasi
N41|Betennelsessykdommer i blærehalskjertel
N76|Andre betennelser i skjede og vulva
N80|Endometriose
N94|Smerter og andre tilstander tilknyttet kvinnelige kjønnsorganer og menstruasjonssyklus
N95|Menopausale og andre perimenopausale forstyrrelser
N97|Kvinnelig infertilitet
O21|Overdreven svangerskapsbrekning
O24|Diabetes mellitus i svangerskap
Q80|Medfødt iktyose
R32|Uspesifisert urininkontinens
R52|Smerte, ikke klassifisert annet sted
R56|Krampeanfall, ikke klassifisert annet sted
T78|Uønskede virkninger, ikke klassifisert annet sted
T784|Uspesifisert allergi
Z21|Asymptomatisk infeksjon med humant immunsviktvirus [HIV]
Z30|Kontakt med helsetjenesten for prevensjonsveiledning og -tiltak
Z94|Transplantert organ og vev
Z95|Nærvær av kardiale og vaskulære implantater og transplantater
`;

/** ICPC-2 chapters (Norwegian). */
export const ICPC2_CHAPTERS: readonly [code: string, title: string][] = [
  ['A', 'Allment og uspesifisert'],
  ['B', 'Blod, bloddannende organer og immunsystemet'],
  ['D', 'Fordøyelsesorganene'],
  ['F', 'Øye'],
  ['H', 'Øre'],
  ['K', 'Hjerte-karsystemet'],
  ['L', 'Muskel- og skjelettsystemet'],
  ['N', 'Nervesystemet'],
  ['P', 'Psykisk'],
  ['R', 'Luftveier'],
  ['S', 'Hud'],
  ['T', 'Endokrine, metabolske og ernæringsmessige'],
  ['U', 'Urinveier'],
  ['W', 'Svangerskap, fødsel og familieplanlegging'],
  ['X', 'Kvinnelige kjønnsorganer'],
  ['Y', 'Mannlige kjønnsorganer'],
  ['Z', 'Sosiale problemer'],
];

/**
 * ICPC-2 components: rubric numbers 01–29 are symptoms and complaints (1), 30–69 process codes
 * (2–6), 70–99 diagnoses and diseases (7).
 */
export const ICPC2_COMPONENTS: readonly [component: number, title: string][] = [
  [1, 'Symptomer og plager'],
  [2, 'Diagnostikk, screening og forebygging'],
  [3, 'Behandling, prosedyrer og medikasjon'],
  [4, 'Prøvesvar'],
  [5, 'Administrativt'],
  [6, 'Henvisninger og andre kontaktårsaker'],
  [7, 'Diagnoser og sykdommer'],
];

/** ICPC-2 rubrics common in general practice and as reimbursement codes: `code|Norwegian text`. */
export const ICPC2_CODES = `
A01|Smerte generell/flere steder
A03|Feber
A04|Slapphet/tretthet
A11|Brystsmerte IKA
A29|Allmenne symptomer/plager IKA
A44|Vaksinasjon/forebyggende medisinering
A71|Meslinger
A77|Virussykdom IKA
A78|Infeksjonssykdom IKA
A85|Bivirkning av legemiddel
A92|Allergi/allergisk reaksjon IKA
A97|Ingen sykdom
A98|Helsefremmende tiltak/forebygging
B80|Jernmangelanemi
B81|Anemi, vitamin B12/folat-mangel
B82|Anemi annen/uspesifisert
B83|Purpura/koagulasjonsdefekt
B90|HIV-infeksjon/AIDS
B99|Sykdom blod/lymfe/milt IKA
D01|Magesmerter/magekramper generelt
D02|Magesmerter epigastriet
D06|Magesmerter annen lokalisasjon
D09|Kvalme
D10|Oppkast
D11|Diaré
D12|Forstoppelse
D70|Gastrointestinal infeksjon
D72|Viral hepatitt
D73|Gastroenteritt antatt infeksiøs
D84|Øsofagussykdom
D85|Duodenalsår
D86|Magesår annet
D87|Funksjonell dyspepsi
D88|Appendisitt
D93|Irritabel tarm-syndrom
D94|Kronisk enteritt/ulcerøs kolitt
D95|Analfissur/perianal abscess
D97|Leversykdom IKA
D98|Galleblærebetennelse/gallestein
D99|Sykdom fordøyelsessystemet IKA
F70|Konjunktivitt infeksiøs
F71|Konjunktivitt allergisk
F72|Blefaritt/sti/chalazion
F83|Retinopati
F84|Makuladegenerasjon
F92|Katarakt
F93|Glaukom
F99|Sykdom øye/øyeomgivelser IKA
H70|Otitis externa
H71|Akutt mellomørebetennelse
H72|Serøs mellomørebetennelse
H82|Vertigosyndrom
H86|Døvhet/hørselshemming
K74|Angina pectoris
K75|Akutt hjerteinfarkt
K76|Iskemisk hjertesykdom annen/kronisk
K77|Hjertesvikt
K78|Atrieflimmer/flutter
K79|Paroksysmal takykardi
K80|Ektopiske slag
K83|Hjerteklaffsykdom IKA
K86|Hypertensjon ukomplisert
K87|Hypertensjon med organkomplikasjoner
K89|Forbigående cerebral iskemi
K90|Hjerneslag/apopleksi
K92|Aterosklerose/perifer karsykdom
K93|Lungeemboli
K94|Flebitt/tromboflebitt
K95|Åreknuter i bein
K96|Hemoroider
K99|Hjerte-karsykdom IKA
L01|Nakkesymptomer/plager
L02|Ryggsymptomer/plager
L03|Korsryggsymptomer/plager
L08|Skuldersymptomer/plager
L15|Knesymptomer/plager
L18|Muskelsmerter
L20|Leddsymptomer/plager IKA
L84|Ryggsyndrom uten smerteutstråling
L86|Ryggsyndrom med smerteutstråling
L88|Revmatoid artritt
L89|Artrose hofte
L90|Artrose kne
L91|Artrose annen
L92|Skuldersyndrom
L95|Osteoporose
L99|Sykdom muskel-skjelettsystemet IKA
N01|Hodepine
N02|Spenningshodepine
N17|Svimmelhet
N71|Meningitt/encefalitt
N86|Multippel sklerose
N87|Parkinsonisme
N88|Epilepsi
N89|Migrene
N92|Trigeminusnevralgi
N93|Karpaltunnelsyndrom
N94|Perifer nevritt/nevropati
N99|Sykdom nervesystemet IKA
P01|Nervøsitet/uro/spenning
P02|Akutt stressreaksjon
P03|Nedstemthet
P06|Søvnforstyrrelse
P15|Kronisk alkoholmisbruk
P16|Akutt alkoholmisbruk
P17|Tobakkmisbruk
P19|Medikament-/stoffmisbruk
P20|Hukommelsesforstyrrelse
P29|Psykiske symptomer/plager IKA
P70|Demens
P72|Schizofreni
P73|Affektiv psykose
P74|Angstlidelse
P75|Somatiseringslidelse
P76|Depresjon
P79|Fobi/tvangslidelse
P81|Hyperkinetisk forstyrrelse
P82|Posttraumatisk stresslidelse
P86|Anoreksi/bulimi
P98|Psykose IKA
P99|Psykisk lidelse IKA
R02|Kortpustethet/dyspné
R05|Hoste
R07|Nysing/tett nese
R21|Halssymptomer/plager
R71|Kikhoste
R72|Streptokokkhals
R74|Akutt øvre luftveisinfeksjon
R75|Bihulebetennelse
R76|Akutt tonsillitt/peritonsillær abscess
R77|Akutt laryngitt/trakeitt
R78|Akutt bronkitt/bronkiolitt
R80|Influensa
R81|Lungebetennelse
R83|Luftveisinfeksjon IKA
R95|Kronisk obstruktiv lungesykdom
R96|Astma
R97|Allergisk rhinitt
R99|Sykdom luftveier IKA
S02|Kløe
S03|Vorter
S06|Lokalisert utslett
S10|Furunkel/karbunkel
S11|Hudinfeksjon lokal
S70|Herpes zoster
S71|Herpes simplex
S72|Skabb/annen midd
S74|Soppinfeksjon hud
S75|Candidiasis hud
S76|Hudinfeksjon annen
S84|Impetigo
S86|Seboreisk eksem
S87|Atopisk eksem
S88|Kontakteksem/annet eksem
S91|Psoriasis
S95|Molluscum contagiosum
S96|Akne
S98|Urtikaria
S99|Sykdom hud/underhud IKA
T82|Fedme
T85|Hypertyreose/tyreotoksikose
T86|Hypotyreose/myksødem
T89|Diabetes type 1
T90|Diabetes type 2
T92|Urinsyregikt
T93|Lipidforstyrrelse
T99|Endokrin/metabolsk/ernæringssykdom IKA
U01|Smertefull vannlating
U02|Hyppig vannlating/vannlatingstrang
U04|Urininkontinens
U70|Pyelonefritt/pyelitt
U71|Cystitt/urinveisinfeksjon annen
U95|Urinveisstein
U99|Sykdom urinveier IKA
W10|Prevensjon postkoital
W11|Prevensjon peroral
W12|Prevensjon intrauterin
W14|Prevensjon annen
W15|Infertilitet/subfertilitet
W78|Svangerskap
W84|Høyrisikosvangerskap
W99|Sykdom svangerskap/fødsel IKA
X02|Menstruasjonssmerter
X06|Menstruasjon kraftig
X11|Menopausesymptomer/plager
X14|Utflod fra skjeden
X72|Genital candidiasis kvinne
X74|Bekkeninfeksjon kvinne
X76|Brystkreft kvinne
X84|Vaginitt/vulvitt IKA
X99|Sykdom kjønnsorganer kvinne IKA
Y07|Impotens IKA
Y77|Prostatakreft
Y85|Benign prostatahypertrofi
Y99|Sykdom kjønnsorganer mann IKA
Z05|Problem med arbeidssituasjon
Z12|Problem med partner
`;

/** 7427 Refusjonshjemmel: `code|display|English`. */
export const LEGAL_BASIS_CODES = `
100|§ 5-14 Blåreseptforskriften|National Insurance Act § 5-14 (blue prescription regulation)
200|§ 2 Forhåndsgodkjent refusjon|§ 2 Pre-approved reimbursement (reimbursement list)
300|§ 3 Individuell stønad|§ 3 Individual reimbursement
301|§ 3a Individuell stønad, legemiddel utenfor refusjonslisten for aktuell refusjonskode|§ 3a Individual reimbursement, drug not listed for the code
302|§ 3b Individuell stønad, kostbare legemidler ved kroniske sykdommer|§ 3b Individual reimbursement, costly drugs for chronic diseases
400|§ 4 Allmennfarlige smittsomme sykdommer|§ 4 Communicable diseases dangerous to the public
500|§ 5 Medisinsk forbruksmateriell|§ 5 Medical consumables
501|§ 5 nr. 1 Inkontinens|§ 5 no. 1 Incontinence
502|§ 5 nr. 2 Urinretensjon|§ 5 no. 2 Urinary retention
503|§ 5 nr. 3 Fistler i strupe og luftveier|§ 5 no. 3 Laryngeal and airway fistulas
504|§ 5 nr. 4 Diabetes|§ 5 no. 4 Diabetes
505|§ 5 nr. 5 Stomi|§ 5 no. 5 Stoma
506|§ 5 nr. 6 Blødersykdom|§ 5 no. 6 Haemophilia
507|§ 5 nr. 7 Kronisk obstruktiv lungesykdom og astma|§ 5 no. 7 COPD and asthma
508|§ 5 nr. 8 Veksthormonforstyrrelse hos barn|§ 5 no. 8 Growth hormone disorder in children
509|§ 5 nr. 9 Nyretransplanterte|§ 5 no. 9 Kidney transplant recipients
510|§ 5 nr. 10 Hoftebeskytter ved osteoporose|§ 5 no. 10 Hip protectors in osteoporosis
511|§ 5 nr. 11 Intravenøs ernæring|§ 5 no. 11 Intravenous nutrition
600|§ 6 Næringsmidler|§ 6 Foods for special medical purposes
601|§ 6 nr. 1 Næringsmidler ved sykdom i munn, svelg, spiserør, mage eller tarm og ved stoffskiftesykdom|§ 6 no. 1 Digestive and metabolic disease
602|§ 6 nr. 2 Næringsmidler ved laktose- eller melkeproteinintoleranse hos barn under 10 år|§ 6 no. 2 Lactose or milk protein intolerance in children
603|§ 6 nr. 3 Næringsmidler ved fenylketonuri|§ 6 no. 3 Phenylketonuria
604|§ 6 nr. 4 Næringsmidler ved kreft, immunsvikt eller annen sterkt svekkende sykdom|§ 6 no. 4 Cancer, immunodeficiency or other debilitating disease
700|§ 5-22 Bidrag|§ 5-22 Contribution
701|§ 5-22 Bidrag ved immunsvikt|§ 5-22 Contribution, immunodeficiency
702|§ 5-22 Bidrag ved kreft|§ 5-22 Contribution, cancer
703|§ 5-22 P-piller til unge kvinner|§ 5-22 Contraceptive pills for young women
704|§ 5-22 Smertelindring i terminalfasen|§ 5-22 Pain relief in the terminal phase
800|§ 5-25 Yrkesskade|§ 5-25 Occupational injury
900|§ 10-7 i Brystproteser|§ 10-7 i Breast prostheses
`;

/** 9060 Kategori helsepersonell (HPR): `code|display`; MT is expired. */
export const PROFESSION_CODES = `
AA|Ambulansearbeider
AT|Apotektekniker
AU|Audiograf
BI|Bioingeniør
ET|Ergoterapeut
FA1|Provisorfarmasøyt
FA2|Reseptarfarmasøyt
FB|Fiskehelsebiolog
FO|Fotterapeut
FT|Fysioterapeut
HE|Helsesekretær
HF|Helsefagarbeider
HP|Hjelpepleier
JO|Jordmor
KE|Klinisk ernæringsfysiolog
KI|Kiropraktor
LE|Lege
MT|Manuellterapeut
NP|Naprapat
OA|Omsorgsarbeider
OI|Ortopediingeniør
OP|Optiker
OR|Ortoptist
OS|Osteopat
PE|Perfusjonist
PM|Paramedisiner
PS|Psykolog
RA|Radiograf
SP|Sykepleier
TH|Tannhelsesekretær
TL|Tannlege
TP|Tannpleier
TT|Tanntekniker
VE|Veterinær
VP|Vernepleier
XX|Ukjent/uspesifisert
`;

/** 99775 Dyreart (local): `code|display|English`. */
export const SPECIES_CODES = `
01|Hund|Dog
02|Katt|Cat
03|Hest|Horse
04|Storfe|Cattle
05|Sau|Sheep
06|Geit|Goat
07|Gris|Pig
08|Fjørfe|Poultry
09|Laksefisk|Salmonids
10|Rensefisk|Cleaner fish
11|Annen fisk|Other fish
12|Kanin|Rabbit
13|Gnagere|Rodents
14|Hobbyfugl|Pet birds
15|Reptiler og amfibier|Reptiles and amphibians
16|Reinsdyr|Reindeer
17|Hjortedyr|Deer
18|Pelsdyr|Fur animals
19|Kamelider (alpakka, lama)|Camelids (alpaca, llama)
20|Bier|Bees
98|Annen dyreart|Other species
99|Ukjent dyreart|Unknown species
`;

/** 99792 Reservasjon mot generisk bytte (local): `code|display|English`. */
export const SUBSTITUTION_RESERVATION_CODES = `
0|Ingen reservasjon|No reservation
1|Forskriver har reservert mot bytte av medisinske grunner|Prescriber reserved against substitution on medical grounds
2|Pasienten har reservert mot bytte|Patient reserved against substitution
3|Både forskriver og pasient har reservert mot bytte|Both prescriber and patient reserved against substitution
9|Ukjent|Unknown
`;

/** 99794 Farmasøytisk tjeneste (local): `code|display|English`. */
export const PHARMACY_SERVICE_CODES = `
01|Vaksinasjon mot influensa|Influenza vaccination
02|Vaksinasjon mot covid-19|COVID-19 vaccination
03|Vaksinasjon mot pneumokokksykdom|Pneumococcal vaccination
04|Annen vaksinasjon|Other vaccination
10|Inhalasjonsveiledning|Inhaler technique guidance
11|Medisinstart|New medicine service
12|Legemiddelgjennomgang|Medication review
13|Blodtrykksmåling|Blood pressure measurement
14|Oppstart av hormonell prevensjon|Initiation of hormonal contraception
15|Veiledning om røykeslutt|Smoking cessation support
99|Annen farmasøytisk tjeneste|Other pharmaceutical service
`;
