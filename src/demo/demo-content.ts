// Demo content seeded on first start: one local-news feature about the fictional
// town of Port Aldren, two original SVG illustrations (rasterised to JPEG at seed
// time) and a reader discussion. Everything here is invented for demonstration;
// any resemblance to real places or people is coincidental.

export interface DemoImage {
  key: 'harbour' | 'chart';
  alt: string;
  svg: string;
}

export interface DemoArticle {
  slug: string;
  title: string;
  summary: string;
  authorName: string;
  tags: string[];
  bodyMarkdown: string;
}

export interface DemoComment {
  key: string;
  parentKey?: string;
  authorName: string;
  authorEmail: string;
  body: string;
  minutesAgo: number;
  up: number;
  down: number;
  editedMinutesAgo?: number;
  editedBy?: string;
}

const HARBOUR_ALT =
  'Illustration of the Port Aldren waterfront at dusk, with the brick Harbour Stores warehouse on the quay, boats in the harbour and a lighthouse on the breakwater';

const CHART_ALT =
  "Bar chart of where a reader-funded newsroom's money goes: reporters and editors 58%, freelancers and photographers 14%, reader events and outreach 11%, hosting and software 9%, legal and insurance 8%";

const HARBOUR_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="1600" height="1000" viewBox="0 0 1600 1000">
  <title>Port Aldren harbour at dusk</title>
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#16213f"/>
      <stop offset="0.4" stop-color="#4b3f72"/>
      <stop offset="0.72" stop-color="#c8697a"/>
      <stop offset="1" stop-color="#f6b36b"/>
    </linearGradient>
    <radialGradient id="glow" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#ffe3a8" stop-opacity="0.9"/>
      <stop offset="0.4" stop-color="#ffc27a" stop-opacity="0.4"/>
      <stop offset="1" stop-color="#ffb070" stop-opacity="0"/>
    </radialGradient>
    <radialGradient id="lamp" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#fff0b8" stop-opacity="0.8"/>
      <stop offset="1" stop-color="#ffd98a" stop-opacity="0"/>
    </radialGradient>
    <linearGradient id="sea" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#6a5a86"/>
      <stop offset="0.35" stop-color="#3a3f6e"/>
      <stop offset="1" stop-color="#121a33"/>
    </linearGradient>
    <linearGradient id="refl" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#ffcf6e" stop-opacity="0.45"/>
      <stop offset="1" stop-color="#ffcf6e" stop-opacity="0"/>
    </linearGradient>
    <linearGradient id="beam" x1="1" y1="0" x2="0" y2="0">
      <stop offset="0" stop-color="#fff1b8" stop-opacity="0.5"/>
      <stop offset="1" stop-color="#fff1b8" stop-opacity="0"/>
    </linearGradient>
  </defs>

  <!-- sky, sun and stars -->
  <rect x="0" y="0" width="1600" height="660" fill="url(#sky)"/>
  <circle cx="1180" cy="630" r="280" fill="url(#glow)"/>
  <circle cx="1180" cy="640" r="64" fill="#ffdca0"/>
  <g fill="#ffffff" opacity="0.8">
    <circle cx="120" cy="60" r="2"/>
    <circle cx="260" cy="130" r="1.6"/>
    <circle cx="410" cy="50" r="2.4"/>
    <circle cx="560" cy="110" r="1.6"/>
    <circle cx="720" cy="40" r="2"/>
    <circle cx="860" cy="150" r="1.6"/>
    <circle cx="980" cy="70" r="2.2"/>
    <circle cx="1130" cy="35" r="1.6"/>
    <circle cx="1280" cy="120" r="2"/>
    <circle cx="1450" cy="60" r="2.4"/>
    <circle cx="1540" cy="170" r="1.6"/>
    <circle cx="330" cy="200" r="1.4"/>
    <circle cx="650" cy="190" r="1.4"/>
    <circle cx="1010" cy="210" r="1.4"/>
  </g>
  <g fill="#f3a38a" opacity="0.35">
    <ellipse cx="980" cy="560" rx="180" ry="10"/>
    <ellipse cx="1330" cy="586" rx="140" ry="8"/>
    <ellipse cx="1120" cy="520" rx="110" ry="7"/>
    <ellipse cx="1480" cy="540" rx="90" ry="6"/>
  </g>

  <!-- birds -->
  <g fill="none" stroke="#2a2340" stroke-width="3" stroke-linecap="round">
    <path d="M1240 260 q 12 -12 24 0 q 12 -12 24 0"/>
    <path d="M1300 300 q 9 -9 18 0 q 9 -9 18 0"/>
    <path d="M1190 320 q 7 -7 14 0 q 7 -7 14 0"/>
  </g>

  <!-- hills and headland -->
  <path d="M0 470 C 180 420 360 440 520 480 C 680 520 820 580 940 640 L 0 640 Z" fill="#4e3f6b"/>
  <path d="M1480 640 C 1520 612 1560 602 1600 598 L 1600 640 Z" fill="#3b3258"/>
  <path d="M0 560 C 140 510 300 500 440 525 C 560 545 660 590 760 640 L 0 640 Z" fill="#2f2948"/>

  <!-- sea -->
  <rect x="0" y="640" width="1600" height="360" fill="url(#sea)"/>
  <g fill="#ffd59a">
    <rect x="1105" y="648" width="150" height="5" rx="2.5" opacity="0.75"/>
    <rect x="1120" y="670" width="120" height="5" rx="2.5" opacity="0.65"/>
    <rect x="1095" y="694" width="170" height="5" rx="2.5" opacity="0.55"/>
    <rect x="1135" y="722" width="90" height="5" rx="2.5" opacity="0.5"/>
    <rect x="1115" y="754" width="130" height="5" rx="2.5" opacity="0.4"/>
    <rect x="1145" y="790" width="70" height="5" rx="2.5" opacity="0.35"/>
    <rect x="1130" y="830" width="100" height="5" rx="2.5" opacity="0.25"/>
    <rect x="1155" y="874" width="50" height="5" rx="2.5" opacity="0.2"/>
  </g>
  <g fill="url(#refl)">
    <rect x="52" y="670" width="10" height="40"/>
    <rect x="148" y="672" width="10" height="52"/>
    <rect x="240" y="668" width="8" height="36"/>
    <rect x="318" y="674" width="12" height="60"/>
    <rect x="360" y="672" width="12" height="44"/>
    <rect x="869" y="670" width="8" height="30"/>
  </g>
  <g stroke="#9a8bb8" stroke-width="2" stroke-linecap="round" opacity="0.35">
    <line x1="60" y1="760" x2="180" y2="760"/>
    <line x1="260" y1="820" x2="420" y2="820"/>
    <line x1="820" y1="700" x2="920" y2="700"/>
    <line x1="880" y1="880" x2="1060" y2="880"/>
    <line x1="1320" y1="760" x2="1480" y2="760"/>
    <line x1="1400" y1="900" x2="1560" y2="900"/>
    <line x1="480" y1="930" x2="620" y2="930"/>
    <line x1="120" y1="960" x2="300" y2="960"/>
  </g>

  <!-- houses on the hill -->
  <g transform="translate(50,490)">
    <rect x="0" y="0" width="56" height="48" fill="#3a3357"/>
    <polygon points="-5,0 28,-24 61,0" fill="#4d3550"/>
    <rect x="10" y="12" width="12" height="14" fill="#ffcf6e"/>
    <rect x="34" y="12" width="12" height="14" fill="#2a2440"/>
  </g>
  <g transform="translate(160,470)">
    <rect x="40" y="-34" width="10" height="20" fill="#3d2e45"/>
    <rect x="0" y="0" width="64" height="56" fill="#403a60"/>
    <polygon points="-5,0 32,-28 69,0" fill="#4d3550"/>
    <rect x="12" y="14" width="14" height="16" fill="#2a2440"/>
    <rect x="38" y="14" width="14" height="16" fill="#ffcf6e"/>
  </g>
  <g transform="translate(270,462)">
    <rect x="0" y="0" width="60" height="52" fill="#3a3357"/>
    <polygon points="-5,0 30,-26 65,0" fill="#4d3550"/>
    <rect x="10" y="14" width="12" height="14" fill="#ffcf6e"/>
    <rect x="38" y="14" width="12" height="14" fill="#ffcf6e"/>
  </g>
  <g transform="translate(370,480)">
    <rect x="0" y="0" width="54" height="46" fill="#403a60"/>
    <polygon points="-5,0 27,-22 59,0" fill="#4d3550"/>
    <rect x="20" y="12" width="14" height="14" fill="#2a2440"/>
  </g>

  <!-- houses on the quay -->
  <g transform="translate(30,566)">
    <rect x="0" y="0" width="74" height="66" fill="#6b5a7e"/>
    <polygon points="-6,0 37,-30 80,0" fill="#3d2e45"/>
    <rect x="12" y="14" width="16" height="18" fill="#ffcf6e"/>
    <rect x="46" y="14" width="16" height="18" fill="#ffcf6e"/>
    <rect x="29" y="40" width="16" height="26" fill="#2a2238"/>
  </g>
  <g transform="translate(118,552)">
    <rect x="58" y="-46" width="12" height="24" fill="#3d2e45"/>
    <rect x="0" y="0" width="84" height="80" fill="#7d5b6b"/>
    <polygon points="-6,0 42,-34 90,0" fill="#3d2e45"/>
    <rect x="12" y="14" width="18" height="20" fill="#2a2238"/>
    <rect x="54" y="14" width="18" height="20" fill="#ffcf6e"/>
    <rect x="12" y="46" width="18" height="20" fill="#ffcf6e"/>
    <rect x="50" y="50" width="18" height="30" fill="#2a2238"/>
  </g>
  <g transform="translate(214,574)">
    <rect x="0" y="0" width="62" height="58" fill="#5e6a86"/>
    <polygon points="-6,0 31,-26 68,0" fill="#3d2e45"/>
    <rect x="22" y="14" width="18" height="18" fill="#ffcf6e"/>
    <rect x="23" y="38" width="16" height="20" fill="#2a2238"/>
  </g>
  <g transform="translate(288,548)">
    <rect x="0" y="0" width="100" height="84" fill="#86676a"/>
    <polygon points="-6,0 50,-36 106,0" fill="#3d2e45"/>
    <rect x="10" y="24" width="80" height="10" fill="#3d2e45"/>
    <rect x="14" y="44" width="22" height="22" fill="#ffcf6e"/>
    <rect x="64" y="44" width="22" height="22" fill="#ffcf6e"/>
    <rect x="40" y="52" width="20" height="32" fill="#2a2238"/>
  </g>
  <g transform="translate(846,580)">
    <rect x="0" y="0" width="50" height="52" fill="#5e6a86"/>
    <polygon points="-5,0 25,-22 55,0" fill="#3d2e45"/>
    <rect x="17" y="14" width="16" height="16" fill="#ffcf6e"/>
  </g>

  <!-- the Harbour Stores warehouse -->
  <path d="M418 514 L630 446 L842 514 Z" fill="#3b2733"/>
  <rect x="430" y="512" width="400" height="120" fill="#6e4646"/>
  <g fill="#5c3a3b">
    <rect x="430" y="512" width="10" height="120"/>
    <rect x="820" y="512" width="10" height="120"/>
    <rect x="530" y="512" width="8" height="120"/>
    <rect x="722" y="512" width="8" height="120"/>
  </g>
  <text x="630" y="500" font-family="sans-serif" font-size="18" font-weight="bold" fill="#d9b48a" text-anchor="middle">1891</text>
  <rect x="545" y="520" width="170" height="26" fill="#2b1e26"/>
  <text x="630" y="538" font-family="sans-serif" font-size="14" font-weight="bold" letter-spacing="2" fill="#e8c79a" text-anchor="middle">HARBOUR STORES</text>
  <g fill="#3a2a2e" stroke="#7a6052" stroke-width="2">
    <rect x="452" y="556" width="28" height="40"/>
    <rect x="496" y="556" width="28" height="40"/>
    <rect x="552" y="556" width="28" height="40"/>
    <rect x="680" y="556" width="28" height="40"/>
    <rect x="740" y="556" width="28" height="40"/>
    <rect x="784" y="556" width="28" height="40"/>
  </g>
  <g stroke="#7a6052" stroke-width="2">
    <line x1="452" y1="556" x2="480" y2="596"/>
    <line x1="496" y1="556" x2="524" y2="596"/>
    <line x1="552" y1="556" x2="580" y2="596"/>
    <line x1="680" y1="556" x2="708" y2="596"/>
    <line x1="740" y1="556" x2="768" y2="596"/>
    <line x1="784" y1="556" x2="812" y2="596"/>
  </g>
  <path d="M596 632 L596 580 Q630 552 664 580 L664 632 Z" fill="#24171f"/>

  <!-- quay, bollards and lamps -->
  <rect x="0" y="630" width="900" height="26" fill="#221d34"/>
  <rect x="0" y="628" width="900" height="4" fill="#4a3f5e"/>
  <g fill="#15122a">
    <rect x="190" y="620" width="12" height="12" rx="3"/>
    <rect x="410" y="620" width="12" height="12" rx="3"/>
    <rect x="880" y="620" width="12" height="12" rx="3"/>
  </g>
  <g stroke="#1a1628" stroke-width="4">
    <line x1="110" y1="630" x2="110" y2="584"/>
    <line x1="414" y1="630" x2="414" y2="584"/>
    <line x1="850" y1="630" x2="850" y2="584"/>
  </g>
  <circle cx="110" cy="580" r="26" fill="url(#lamp)"/>
  <circle cx="414" cy="580" r="26" fill="url(#lamp)"/>
  <circle cx="850" cy="580" r="26" fill="url(#lamp)"/>
  <g fill="#ffe3a0">
    <circle cx="110" cy="580" r="6"/>
    <circle cx="414" cy="580" r="6"/>
    <circle cx="850" cy="580" r="6"/>
  </g>

  <!-- breakwater and lighthouse -->
  <path d="M1290 652 L1302 628 L1600 622 L1600 654 Z" fill="#221d34"/>
  <g fill="#2d2742">
    <ellipse cx="1310" cy="650" rx="22" ry="9"/>
    <ellipse cx="1360" cy="652" rx="26" ry="8"/>
    <ellipse cx="1540" cy="652" rx="30" ry="9"/>
  </g>
  <polygon points="1460,444 1040,392 1040,500" fill="url(#beam)"/>
  <polygon points="1438,628 1482,628 1474,468 1446,468" fill="#efe6da"/>
  <polygon points="1440.4,580 1479.6,580 1478.4,556 1441.6,556" fill="#b8474a"/>
  <polygon points="1443.4,520 1476.6,520 1475.4,496 1444.6,496" fill="#b8474a"/>
  <rect x="1440" y="462" width="40" height="8" fill="#2a2438"/>
  <circle cx="1460" cy="450" r="48" fill="url(#lamp)"/>
  <rect x="1448" y="438" width="24" height="24" fill="#ffe7a0"/>
  <polygon points="1442,438 1460,418 1478,438" fill="#b8474a"/>
  <rect x="1458" y="596" width="8" height="14" fill="#ffcf6e"/>

  <!-- moored rowing boat -->
  <line x1="282" y1="656" x2="296" y2="684" stroke="#1a1628" stroke-width="2"/>
  <path d="M260 684 L340 684 Q330 700 300 700 Q270 700 260 684 Z" fill="#231d38"/>
  <line x1="262" y1="685" x2="338" y2="685" stroke="#c6584f" stroke-width="3"/>
  <ellipse cx="300" cy="706" rx="42" ry="4" fill="#0d1328" opacity="0.45"/>

  <!-- distant sailing boat -->
  <g transform="translate(1330,680)">
    <path d="M-30 0 L30 0 L22 8 L-22 8 Z" fill="#2f2848"/>
    <line x1="0" y1="0" x2="0" y2="-50" stroke="#2a2340" stroke-width="2"/>
    <polygon points="2,-48 2,-3 28,-3" fill="#e9dccb"/>
    <polygon points="-2,-40 -2,-3 -20,-3" fill="#d2bfae"/>
  </g>

  <!-- sailing boat -->
  <g transform="translate(1010,724)">
    <ellipse cx="0" cy="30" rx="70" ry="6" fill="#0d1328" opacity="0.5"/>
    <path d="M-70 0 L70 0 L52 20 L-52 20 Z" fill="#332b4d"/>
    <line x1="0" y1="0" x2="0" y2="-140" stroke="#2a2340" stroke-width="3"/>
    <polygon points="4,-136 4,-8 66,-8" fill="#f1e6d6"/>
    <polygon points="-4,-120 -4,-8 -52,-8" fill="#dcc9b5"/>
  </g>

  <!-- fishing boat -->
  <g transform="translate(640,800)">
    <ellipse cx="0" cy="50" rx="104" ry="9" fill="#0d1328" opacity="0.5"/>
    <rect x="4" y="46" width="14" height="4" fill="#ffcf6e" opacity="0.35"/>
    <rect x="26" y="46" width="14" height="4" fill="#ffcf6e" opacity="0.35"/>
    <line x1="-50" y1="0" x2="-50" y2="-120" stroke="#2a2340" stroke-width="4"/>
    <line x1="-50" y1="-120" x2="-106" y2="0" stroke="#2a2340" stroke-width="1.5"/>
    <line x1="-50" y1="-120" x2="46" y2="-44" stroke="#2a2340" stroke-width="1.5"/>
    <rect x="-10" y="-44" width="56" height="44" fill="#e4d6c2"/>
    <rect x="-14" y="-50" width="64" height="8" fill="#3d2e45"/>
    <rect x="0" y="-34" width="16" height="12" fill="#ffcf6e"/>
    <rect x="24" y="-34" width="14" height="12" fill="#ffcf6e"/>
    <path d="M-110 0 L110 0 L88 34 L-92 34 Z" fill="#2a2340"/>
    <line x1="-106" y1="7" x2="106" y2="7" stroke="#c6584f" stroke-width="5"/>
  </g>

  <!-- foreground mooring post -->
  <rect x="64" y="770" width="20" height="230" fill="#15122a"/>
  <rect x="60" y="764" width="28" height="10" rx="3" fill="#221d34"/>
</svg>
`;

const CHART_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="1600" height="1000" viewBox="0 0 1600 1000">
  <title>Where a reader-funded newsroom's money goes</title>
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#fbf8f2"/>
      <stop offset="1" stop-color="#f1eadf"/>
    </linearGradient>
  </defs>
  <rect x="0" y="0" width="1600" height="1000" fill="url(#bg)"/>
  <rect x="0" y="0" width="1600" height="12" fill="#2f5d8a"/>

  <g font-family="sans-serif">
    <text x="120" y="108" font-size="50" font-weight="bold" fill="#1d2433">Where a reader-funded newsroom's money goes</text>
    <text x="120" y="158" font-size="28" fill="#5b6475">Share of yearly spending, in percent (illustrative figures)</text>

    <!-- grid -->
    <g stroke="#ddd5c8" stroke-width="2">
      <line x1="210" y1="595" x2="1500" y2="595"/>
      <line x1="210" y1="370" x2="1500" y2="370"/>
    </g>
    <g font-size="24" fill="#7a7365" text-anchor="end">
      <text x="190" y="829">0%</text>
      <text x="190" y="604">25%</text>
      <text x="190" y="379">50%</text>
    </g>

    <!-- note -->
    <rect x="900" y="290" width="560" height="170" rx="16" fill="#ffffff" stroke="#e4dccf" stroke-width="2"/>
    <text x="932" y="344" font-size="30" fill="#1d2433">For every £10 a reader gives,</text>
    <text x="932" y="386" font-size="30" fill="#1d2433">about <tspan font-weight="bold" fill="#2f5d8a">£5.80</tspan> pays the reporters</text>
    <text x="932" y="428" font-size="30" fill="#1d2433">and editors who do the work.</text>

    <!-- bars -->
    <path d="M240 820 V308 Q240 298 250 298 H410 Q420 298 420 308 V820 Z" fill="#2f5d8a"/>
    <path d="M500 820 V704 Q500 694 510 694 H670 Q680 694 680 704 V820 Z" fill="#3f86a8"/>
    <path d="M760 820 V731 Q760 721 770 721 H930 Q940 721 940 731 V820 Z" fill="#4fa39a"/>
    <path d="M1020 820 V749 Q1020 739 1030 739 H1190 Q1200 739 1200 749 V820 Z" fill="#e2a552"/>
    <path d="M1280 820 V758 Q1280 748 1290 748 H1450 Q1460 748 1460 758 V820 Z" fill="#cf6d52"/>
    <line x1="210" y1="820" x2="1500" y2="820" stroke="#8a8275" stroke-width="3"/>

    <!-- values -->
    <g font-size="44" font-weight="bold" fill="#1d2433" text-anchor="middle">
      <text x="330" y="280">58%</text>
      <text x="590" y="676">14%</text>
      <text x="850" y="703">11%</text>
      <text x="1110" y="721">9%</text>
      <text x="1370" y="730">8%</text>
    </g>

    <!-- labels -->
    <g font-size="26" fill="#333a48" text-anchor="middle">
      <text x="330" y="866">Reporters &amp;</text>
      <text x="330" y="900">editors</text>
      <text x="590" y="866">Freelancers &amp;</text>
      <text x="590" y="900">photographers</text>
      <text x="850" y="866">Reader events</text>
      <text x="850" y="900">&amp; outreach</text>
      <text x="1110" y="866">Hosting &amp;</text>
      <text x="1110" y="900">software</text>
      <text x="1370" y="866">Legal &amp;</text>
      <text x="1370" y="900">insurance</text>
    </g>

    <text x="120" y="964" font-size="22" fill="#8a8275">Demo figures for illustration only. Percentages add up to 100.</text>
  </g>
</svg>
`;

export const demoImages: DemoImage[] = [
  { key: 'harbour', alt: HARBOUR_ALT, svg: HARBOUR_SVG },
  { key: 'chart', alt: CHART_ALT, svg: CHART_SVG },
];

export const demoArticle: DemoArticle = {
  slug: 'port-aldren-council-weighs-sale-of-harbour-stores',
  title: 'Port Aldren council weighs the future of the old Harbour Stores',
  summary:
    'Councillors will vote next month on whether to sell the Victorian warehouse on the quay to a housing developer or lease it to a community trust. We looked at the numbers, the history and what residents want.',
  authorName: 'Tamsin Okafor-Reid',
  tags: ['local-government', 'harbour', 'housing', 'port-aldren'],
  bodyMarkdown: `The lamps along Quay Street come on a little after six this time of year, and for most of the past decade they have lit up the same thing: the boarded windows of the Harbour Stores, the long brick warehouse that once held salt, nets and, for one memorable winter, the town's entire supply of Christmas trees.

![${HARBOUR_ALT}](demo-image:harbour)

On 14 May, Port Aldren Town Council will decide what happens to it next. Councillors have two offers in front of them, a repair bill that grows every winter, and a public gallery that, if the last two meetings are any guide, will be full.

## A building with a long memory

The Harbour Stores was built in 1891 by the Aldren Fishing Company, at a time when the town landed more herring than anywhere else on this stretch of coast. When the fleet shrank after the war, the building passed to the council, which used it as a depot, a polling station, an occasional dance hall and, from 1987 until 2013, the home of the Saturday market.

It has stood empty since a storm in the winter of 2013 lifted part of the roof. A structural survey commissioned last year found the walls sound but the roof timbers "at the end of their useful life", and put the cost of a full repair at £1.3 million. Simply keeping the building weathertight costs the council around £38,000 a year.

"Every year we wait, the number goes up," said Councillor Dev Marlowe, who chairs the finance committee. "I don't think anybody on the council wants to sell it. But I don't think anybody wants to explain to residents why we've spent another forty thousand pounds on tarpaulins, either."

## Two offers on the table

The council's report, published last week, sets out the options in detail. In short:

- **A sale to Kestrel Quay Homes** for £875,000. The developer would convert the building into 22 flats, six of them let at below-market rents to people with a local connection, with a café on the ground floor facing the water.
- **A 35-year lease to the Aldren Harbour Trust** at a nominal rent. The trust, a community group formed in 2021, would restore the building in phases and reopen it as a covered market, workshop space and a small maritime museum.
- **Doing nothing**, which the report calls "not a realistic long-term option", would leave the council paying for upkeep with no plan for reuse.

The developer's offer would take the repair bill off the council's books immediately and, officers estimate, bring in about £60,000 a year in additional council tax once the flats are occupied. The trust's plan depends on fundraising: it says it has £410,000 pledged, including a heritage grant it expects to hear about in the summer, and that the market hall could open within three years.

Ruth Abernethy, who chairs the trust, told the Gazette the group is not opposed to new homes in the town, only to losing the last public building on the quay.

> "Once it's sold, it's sold. You don't get the harbour back. We're asking for the chance to show that this town can look after its own building, and if we can't raise the money, the council can take the lease back."

Kestrel Quay Homes, which has converted two former mills further inland, said in a statement that its proposal would "bring people and life back to the waterfront all year round, not just on market day". The company said it had already changed its plans after hearing from residents, adding the café and the below-market flats.

## What happens next

The full report, including the structural survey and both proposals, is [available on the council's website](https://example.org/port-aldren/council/harbour-stores-report). Residents can send written comments until 7 May, and the meeting on 14 May is open to the public.

Several councillors told the Gazette privately that they have not yet made up their minds, and at least one has asked officers whether a compromise, selling part of the site while leasing the main hall to the trust, is legally possible. Officers are expected to answer that question before the vote.

Whatever the council decides, the Harbour Stores will need a new roof before it needs anything else. As one stallholder from the old Saturday market put it while we stood on the quay last week: "They can argue about who owns it. The rain doesn't care."

## How we reported this story

This story took three months: reading the council's papers, sitting through two committee meetings, and talking to more than thirty residents, traders and councillors. We could do that because readers give a few pounds each month. Here is roughly how that money is spent.

![${CHART_ALT}](demo-image:chart)

If you value reporting like this, you can support it through this month's campaign. And if you remember the Saturday market in the Harbour Stores, we would love to hear your memories in the comments below.
`,
};

export const demoComments: DemoComment[] = [
  {
    key: 'c1',
    authorName: 'Gwen Tregarthen',
    authorEmail: 'gwen.tregarthen@example.org',
    body: `I ran the egg and honey stall in the Harbour Stores every Saturday from 1994 until the very last market. In winter you could see your breath inside, and the gulls used to sneak in through the loading door and raid the bakery stall at the far end.

It was never a grand building, but everybody in town passed through it at least once a week. That is the thing I would like the council to remember.`,
    minutesAgo: 57200,
    up: 34,
    down: 0,
  },
  {
    key: 'c2',
    parentKey: 'c1',
    authorName: 'Hattie Lowe',
    authorEmail: 'hattie.lowe@example.com',
    body: 'Your honey got me through my exams! Do you remember the winter of the Christmas trees? The whole building smelled of pine until March.',
    minutesAgo: 56100,
    up: 12,
    down: 0,
  },
  {
    key: 'c3',
    parentKey: 'c2',
    authorName: 'Gwen Tregarthen',
    authorEmail: 'gwen.tregarthen@example.org',
    body: 'Remember it? I was finding needles in my egg boxes until Easter. The supplier sent three lorries instead of one and the council had nowhere else to put them.',
    minutesAgo: 55800,
    up: 9,
    down: 0,
  },
  {
    key: 'c4',
    parentKey: 'c3',
    authorName: 'Bernard Quill',
    authorEmail: 'bquill@example.net',
    body: 'Which is why, to this day, my mother calls any big mistake "a three-lorry job".',
    minutesAgo: 54000,
    up: 15,
    down: 1,
  },
  {
    key: 'c5',
    parentKey: 'c1',
    authorName: 'Felix Ashdown',
    authorEmail: 'felix.ashdown@example.com',
    body: 'Was that the same market that moved to the car park behind the library? I only moved here in 2016, so I never saw it in the old building.',
    minutesAgo: 50000,
    up: 3,
    down: 0,
  },
  {
    key: 'c6',
    authorName: 'Ahmed Rahimi',
    authorEmail: 'ahmed.rahimi@example.org',
    body: `I know this won't be a popular view on here, but I think the council should take the Kestrel offer.

My daughter is 26, works at the boatyard and still lives with us because there is nothing to rent in town that she can afford. Six below-market flats isn't a lot, but it's six more than we have now, and a café would be open every day rather than once a week.

I loved the old market too. I just don't think we can afford to keep a building empty for another three years on the hope that a grant comes through.`,
    minutesAgo: 52000,
    up: 22,
    down: 7,
  },
  {
    key: 'c7',
    parentKey: 'c6',
    authorName: 'Orla Fennessy',
    authorEmail: 'orla.f@example.net',
    body: 'I get that, and housing is a real problem here. But once the quay is all private flats we can never undo it. If the trust fails, the council takes the lease back and can still sell later. If we sell now, that choice is gone for good.',
    minutesAgo: 51000,
    up: 18,
    down: 2,
  },
  {
    key: 'c8',
    parentKey: 'c7',
    authorName: 'Ahmed Rahimi',
    authorEmail: 'ahmed.rahimi@example.org',
    body: "That's a fair point, and honestly the strongest argument for the trust I've heard. I'd feel better about it if the lease had a hard deadline for the roof, not just \"phases\".",
    minutesAgo: 50500,
    up: 6,
    down: 1,
  },
  {
    key: 'c9',
    parentKey: 'c6',
    authorName: 'Yusuf Demir',
    authorEmail: 'yusuf.demir@example.com',
    body: 'Six out of twenty-two is barely over a quarter, though, and the report doesn\'t say how long they stay below market. Page 31 just says "for an initial period".',
    minutesAgo: 48000,
    up: 11,
    down: 0,
  },
  {
    key: 'c10',
    authorName: 'Priya Castellano',
    authorEmail: 'priya.castellano@example.org',
    body: 'Small correction: an earlier version of this article said the trust was formed in 2019. It was set up in 2021 (I was at the first meeting in the rugby club). Looks like it has been fixed now, thank you.',
    minutesAgo: 47000,
    up: 8,
    down: 0,
  },
  {
    key: 'c11',
    parentKey: 'c10',
    authorName: 'Tamsin Okafor-Reid',
    authorEmail: 'tamsin.okafor-reid@example.org',
    body: "Thanks Priya, you're right, and that was my mistake. We corrected it on Tuesday morning. If anyone spots anything else, the corrections address is at the bottom of every page.",
    minutesAgo: 46500,
    up: 14,
    down: 0,
  },
  {
    key: 'c12',
    authorName: 'Tomasz Wierzbicki',
    authorEmail: 'tomasz.w@example.net',
    body: "Does anyone know whether the £60,000 council tax estimate includes business rates from the café, or is that separate? The article doesn't say and I couldn't find it in the report.",
    minutesAgo: 44000,
    up: 4,
    down: 0,
  },
  {
    key: 'c13',
    parentKey: 'c12',
    authorName: 'Sunita Varma',
    authorEmail: 'sunita.varma@example.com',
    body: `It's separate. The finance committee went through it in March, and the business rates estimate is on page 14 of the minutes: https://example.org/minutes/2024-03

Short version: about £9,000 a year on top, but most of that goes to the county, not the town.`,
    minutesAgo: 43000,
    up: 10,
    down: 0,
  },
  {
    key: 'c14',
    authorName: 'Jun Takeda-Moss',
    authorEmail: 'jun.tm@example.org',
    body: '"They can argue about who owns it. The rain doesn\'t care." Best line in the paper this year.',
    minutesAgo: 40000,
    up: 27,
    down: 0,
  },
  {
    key: 'c15',
    authorName: 'Liesel Brandt',
    authorEmail: 'liesel.brandt@example.net',
    body: `Why does it have to be one or the other? The warehouse is huge. Sell the north end, the part that used to be the net loft, for flats, and lease the main hall to the trust for the market. The sale money could pay for the roof.

Edit: the article actually says a councillor has already asked about this. I should have read to the end before posting!`,
    minutesAgo: 36000,
    up: 14,
    down: 1,
    editedMinutesAgo: 35950,
    editedBy: 'Liesel Brandt',
  },
  {
    key: 'c16',
    parentKey: 'c15',
    authorName: 'Kofi Mensah-Hart',
    authorEmail: 'kofi.mensahhart@example.com',
    body: 'Officers are meant to report back on exactly that before the vote. My worry is that a split site ends up with two sets of lawyers and nobody fixing the roof.',
    minutesAgo: 30000,
    up: 5,
    down: 0,
  },
  {
    key: 'c17',
    parentKey: 'c15',
    authorName: 'Callum Rees',
    authorEmail: 'callum.rees@example.org',
    body: 'Half a market hall and half a block of flats sounds like the worst of both to me. Flats upstairs, stallholders setting up downstairs at 6am every Saturday? Good luck with that.',
    minutesAgo: 28000,
    up: 2,
    down: 3,
  },
  {
    key: 'c18',
    authorName: 'Bernard Quill',
    authorEmail: 'bquill@example.net',
    body: '£38,000 a year to keep it weathertight. At this point the tarpaulins should get a vote of their own.',
    minutesAgo: 30000,
    up: 19,
    down: 0,
  },
  {
    key: 'c19',
    authorName: 'Rosa Ilunga',
    authorEmail: 'rosa.ilunga@example.com',
    body: `I volunteer with the Aldren Harbour Trust. We're holding an open evening on Thursday at the sailing club for anyone who wants to see the restoration plans and ask difficult questions. We would genuinely rather hear the doubts now than after the vote.

If you can't make it, call me on [phone number removed by moderator].`,
    minutesAgo: 25000,
    up: 7,
    down: 2,
    editedMinutesAgo: 24000,
    editedBy: 'Moderator',
  },
  {
    key: 'c20',
    parentKey: 'c19',
    authorName: 'Ewan MacCaskill',
    authorEmail: 'ewan.maccaskill@example.net',
    body: 'Is there a way to sign up to help without coming along on Thursday? I work evenings.',
    minutesAgo: 23000,
    up: 1,
    down: 0,
  },
  {
    key: 'c21',
    parentKey: 'c20',
    authorName: 'Rosa Ilunga',
    authorEmail: 'rosa.ilunga@example.com',
    body: "Yes! There's a short form at https://example.net/aldren-harbour-trust/volunteer and someone will get back to you within the week. Sorry about the phone number earlier, I didn't realise personal numbers weren't allowed here.",
    minutesAgo: 22500,
    up: 4,
    down: 0,
  },
  {
    key: 'c22',
    authorName: 'Marcus Delacroix-Penn',
    authorEmail: 'marcus.dp@example.org',
    body: `With respect to everyone at the trust, £410,000 pledged against a £1.3 million repair bill is less than a third of the way there, and part of that depends on a grant that hasn't been awarded yet.

What happens if the grant is refused? Does the council keep paying £38,000 a year while the trust tries again?`,
    minutesAgo: 15000,
    up: 16,
    down: 5,
  },
  {
    key: 'c23',
    parentKey: 'c22',
    authorName: 'Nadia Sorensen',
    authorEmail: 'nadia.sorensen@example.com',
    body: `Fair question. I'm on the trust's finance group, so take this with the appropriate pinch of salt.

The plan is phased: the roof first (about £520,000), then the main hall, then the museum. If the grant is refused we would still have enough for temporary roof works and would reapply in the autumn round. And the upkeep cost passes to the trust from the day the lease is signed, not after the restoration.`,
    minutesAgo: 14000,
    up: 13,
    down: 0,
  },
  {
    key: 'c24',
    parentKey: 'c22',
    authorName: 'Felix Ashdown',
    authorEmail: 'felix.ashdown@example.com',
    body: 'Good question, would like to know this too.',
    minutesAgo: 12000,
    up: 0,
    down: 0,
  },
  {
    key: 'c25',
    parentKey: 'c22',
    authorName: 'Imogen Hartley',
    authorEmail: 'imogen.hartley@example.net',
    body: "Kestrel's offer also depends on planning permission, which nobody seems to mention. Neither option is a sure thing.",
    minutesAgo: 9000,
    up: 3,
    down: 1,
  },
  {
    key: 'c26',
    authorName: 'Sam Ogunleye',
    authorEmail: 'sam.ogunleye@example.org',
    body: 'Slightly off topic, but thank you for the chart at the end. I had always assumed most of the money went on the website. Just set up a monthly donation.',
    minutesAgo: 6000,
    up: 21,
    down: 0,
  },
  {
    key: 'c27',
    parentKey: 'c26',
    authorName: 'Beatrix Holloway',
    authorEmail: 'beatrix.holloway@example.com',
    body: 'Same here. It would be good to see that breakdown once a year with the real figures.',
    minutesAgo: 5000,
    up: 6,
    down: 0,
  },
  {
    key: 'c28',
    authorName: 'Hattie Lowe',
    authorEmail: 'hattie.lowe@example.com',
    body: 'Will the meeting on the 14th be streamed? Not everyone can get to the town hall on a weekday evening.',
    minutesAgo: 2000,
    up: 2,
    down: 0,
  },
  {
    key: 'c29',
    parentKey: 'c28',
    authorName: 'Tamsin Okafor-Reid',
    authorEmail: 'tamsin.okafor-reid@example.org',
    body: 'The council streams full meetings on its website and keeps the recordings for a year. We will also be live-blogging the vote here.',
    minutesAgo: 1500,
    up: 9,
    down: 0,
  },
  {
    key: 'c30',
    authorName: 'Ewan MacCaskill',
    authorEmail: 'ewan.maccaskill@example.net',
    body: 'Walked past this morning. There is a brand new blue tarpaulin on the north end of the roof, so that is another line in the budget.',
    minutesAgo: 300,
    up: 1,
    down: 0,
  },
  {
    key: 'c31',
    authorName: 'Yusuf Demir',
    authorEmail: 'yusuf.demir@example.com',
    body: "Just sent in my written comment. It took about ten minutes and you don't need to be an expert. The deadline is the 7th.",
    minutesAgo: 5,
    up: 0,
    down: 0,
  },
];
