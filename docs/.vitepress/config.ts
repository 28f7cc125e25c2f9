/**
 * The docs site (`npm run docs`, `npm run docs:build`): VitePress over docs/, English at the root and Thai under
 * /th/. English stays at the root so the pages other tools write or read keep their paths (docs/performance.md from
 * `npm run bench`, docs/deploy-node.md's backup line in the suite) and the repository's links into docs/ still lead
 * somewhere on GitHub.
 */
import { defineConfig, type DefaultTheme } from 'vitepress';
import { SECTIONS } from './pages.ts';

const sidebar = (lang: 'en' | 'th'): DefaultTheme.SidebarItem[] =>
  SECTIONS.map((section) => ({
    text: section[lang],
    items: section.pages.map(([path, en, th]) => ({ text: lang === 'en' ? en : th, link: `${lang === 'en' ? '' : '/th'}/${path}` })),
  }));

const nav = (lang: 'en' | 'th'): DefaultTheme.NavItem[] => {
  const base = lang === 'en' ? '' : '/th';
  return [
    { text: lang === 'en' ? 'Guides' : 'คู่มือ', link: `${base}/go-live`, activeMatch: `^${base}/(?!reference|architecture|performance|scaling|development|faq)[a-z-]+` },
    { text: lang === 'en' ? 'Reference' : 'ข้อมูลอ้างอิง', link: `${base}/reference/element`, activeMatch: `^${base}/reference/` },
    { text: lang === 'en' ? 'Architecture' : 'สถาปัตยกรรม', link: `${base}/architecture` },
  ];
};

const REPOSITORY = 'https://github.com/maemanee-pay/maemanee-pay';

export default defineConfig({
  title: 'maemanee-pay',
  cleanUrls: false,
  // A dead link between pages fails the build (VitePress's default, kept on purpose: the suite builds the site).
  ignoreDeadLinks: false,
  // The project's own vite.config.ts builds the element, the proxy and the Worker with Vite 8; VitePress brings its
  // own Vite. It must never read the project's config, whichever folder it runs from.
  vite: { configFile: false },
  srcExclude: ['snippets/**', 'screenshots/**'],
  locales: {
    root: {
      label: 'English',
      lang: 'en',
      description: 'PromptPay payments on any web page, through tmweasy Mae Manee: an element, a proxy, pay links.',
      themeConfig: { nav: nav('en'), sidebar: sidebar('en') },
    },
    th: {
      label: 'ภาษาไทย',
      lang: 'th',
      link: '/th/',
      description: 'รับเงินพร้อมเพย์ผ่านแม่มณีบนหน้าเว็บใดก็ได้: แท็กเดียว proxy ของร้าน และลิงก์ชำระเงิน',
      themeConfig: {
        nav: nav('th'),
        sidebar: sidebar('th'),
        outline: { label: 'ในหน้านี้', level: [2, 3] },
        docFooter: { prev: 'หน้าก่อน', next: 'หน้าถัดไป' },
        darkModeSwitchLabel: 'โหมดสี',
        lightModeSwitchTitle: 'เปลี่ยนเป็นโหมดสว่าง',
        darkModeSwitchTitle: 'เปลี่ยนเป็นโหมดมืด',
        sidebarMenuLabel: 'เมนู',
        returnToTopLabel: 'กลับขึ้นด้านบน',
        langMenuLabel: 'เปลี่ยนภาษา',
        skipToContentLabel: 'ข้ามไปยังเนื้อหา',
        notFound: { title: 'ไม่พบหน้านี้', quote: 'หน้าที่ต้องการอาจถูกย้ายหรือไม่มีอยู่', linkLabel: 'ไปหน้าแรก', linkText: 'กลับหน้าแรก' },
      },
    },
  },
  themeConfig: {
    outline: { level: [2, 3] },
    socialLinks: [{ icon: 'github', link: REPOSITORY }],
    search: {
      provider: 'local',
      options: {
        miniSearch: {
          options: {
            // MiniSearch splits on spaces and punctuation, and Thai writes a sentence with no space between its
            // words, so a Thai paragraph would be one term. Intl.Segmenter (Node 20 and every current browser) cuts
            // it into words. VitePress ships this function to the browser as its source text, so it closes over nothing.
            tokenize: (text: string) =>
              [...new Intl.Segmenter('th', { granularity: 'word' }).segment(text)]
                .filter((s) => s.isWordLike)
                .flatMap((s) => s.segment.split(/[._:/-]+/))
                .filter((word) => word.length > 0),
          },
        },
        locales: {
          th: {
            translations: {
              button: { buttonText: 'ค้นหา', buttonAriaLabel: 'ค้นหาในเอกสาร' },
              modal: {
                displayDetails: 'แสดงรายละเอียด',
                resetButtonTitle: 'ล้างคำค้น',
                backButtonTitle: 'ปิดการค้นหา',
                noResultsText: 'ไม่พบผลลัพธ์สำหรับ',
                footer: {
                  selectText: 'เลือก',
                  selectKeyAriaLabel: 'Enter',
                  navigateText: 'เลื่อน',
                  navigateUpKeyAriaLabel: 'ลูกศรขึ้น',
                  navigateDownKeyAriaLabel: 'ลูกศรลง',
                  closeText: 'ปิด',
                  closeKeyAriaLabel: 'Escape',
                },
              },
            },
          },
        },
      },
    },
  },
});
