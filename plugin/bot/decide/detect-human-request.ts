/**
 * Recognises a customer asking for a person instead of the bot, in English,
 * Spanish, French, German, Portuguese, Italian, Dutch, Polish, Turkish,
 * Russian, Japanese and Chinese. Patterns pair a verb of talking with a word
 * for a person, or name a human agent outright; text is lower-cased and
 * stripped of accents first, so "parler a un humain" matches as well.
 */

/** Lower-case, accents removed (Latin scripts), whitespace collapsed. */
export function normalizeForMatching(text: string): string {
  return text
    .normalize('NFD')
    .replace(/([a-z])\p{M}+/giu, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Up to a few words between the verb and the person ("talk to a real person", "hablar con alguien del equipo"). */
const GAP = String.raw`(?:\s+\S+){0,4}?\s+`;

const PATTERNS: Record<string, RegExp[]> = {
  en: [
    new RegExp(
      String.raw`\b(talk|speak|chat|connect|transfer|put|get|reach)\b${GAP}(a |an |to a |with a )?(human|person|people|agent|representative|rep|operator|staff|someone real|real person|somebody real|manager|supervisor)\b`,
    ),
    /\b(human|live|real) (agent|person|support|operator|being|representative)\b/,
    /\b(customer service|customer support) (rep|representative|agent)\b/,
    /\bnot (a|the) bot\b|\bno (more )?bots?\b|\bstop the bot\b/,
  ],
  es: [
    new RegExp(
      String.raw`\b(hablar|conversar|comunicarme|comunicarse|pasarme|pasame|contactar|atender)\b${GAP}(una persona|un humano|una humana|un agente|un asesor|una asesora|un operador|una operadora|alguien|un representante|persona real|ser humano)\b`,
    ),
    /\b(agente|asesor|operador|persona|atencion) (humano|humana|real|personal)\b/,
    /\bquiero (un|una) (humano|persona|agente|asesor)\b/,
  ],
  fr: [
    new RegExp(
      String.raw`\b(parler|discuter|echanger|joindre|contacter|passer)\b${GAP}(un humain|une humaine|une personne|un conseiller|une conseillere|un agent|un operateur|une operatrice|quelqu'un|un vrai|une vraie|un etre humain)\b`,
    ),
    /\b(agent|conseiller|interlocuteur|operateur) (humain|reel)\b|\b(vraie personne|vrai humain|etre humain)\b/,
  ],
  de: [
    /\b(mit|an) (einem |einer |einen |jemandem )?(echten |richtigen |menschlichen )?(menschen|mensch|mitarbeiter|mitarbeiterin|berater|beraterin|person|kundenberater|agenten)\b(?:\s+\S+){0,3}?\s*(sprechen|reden|verbinden|verbunden|chatten|schreiben|weiterleiten|weitergeleitet)\b/,
    /\b(echten|echter|echte|realen|menschlichen) (menschen|mensch|mitarbeiter|person|berater|support)\b/,
    /\b(menschen|mitarbeiter|berater) sprechen\b/,
  ],
  pt: [
    new RegExp(
      String.raw`\b(falar|conversar|atender|passar|transferir|contatar|contactar)\b${GAP}(uma pessoa|um humano|uma humana|um atendente|uma atendente|um agente|um operador|alguem|um consultor|uma consultora|pessoa real|ser humano)\b`,
    ),
    /\b(atendimento|atendente|agente|operador) (humano|humana|real)\b/,
  ],
  it: [
    new RegExp(
      String.raw`\b(parlare|passare|contattare|chattare)\b${GAP}(un operatore|un'operatrice|una persona|un umano|un essere umano|un agente|qualcuno|un consulente)\b`,
    ),
    /\b(operatore|persona|agente) (umano|reale|vero|vera)\b/,
  ],
  nl: [
    new RegExp(
      String.raw`\b(spreken|praten|chatten|bellen|doorverbinden)\b${GAP}?(met )?(een )?(mens|medewerker|persoon|echt iemand)\b|\bmet een (mens|medewerker|echt persoon)\b`,
    ),
    /\b(echte|menselijke) (medewerker|persoon|mens)\b/,
  ],
  pl: [
    /\b(rozmawiac|porozmawiac|polaczyc|pogadac)\b(?:\s+\S+){0,4}?\s+(z )?(czlowiekiem|konsultantem|konsultantka|osoba|pracownikiem)\b/,
    /\b(zywy|prawdziwy) (czlowiek|konsultant)\b/,
  ],
  tr: [/\b(insanla|bir insanla|temsilciyle|yetkiliyle|operatorle|canli destek)\b/, /\bmusteri temsilcisi\b/],
  ru: [
    /(поговорить|связаться|соединить|пообщаться|переключить)(?:\s+\S+){0,4}?\s+(с )?(человеком|оператором|менеджером|сотрудником|живым)/u,
    /живой (человек|оператор)/u,
  ],
  ja: [/(人間|担当者|オペレーター|スタッフ|有人)(と|に)(話|繋|つな|代わ|チャット)/u, /有人(対応|チャット)/u],
  zh: [
    /(人工客服|转人工|真人客服|人工服务|找人工|接人工)/u,
    /(和|跟|与)(真人|人工|客服人员)(说话|聊|沟通|对话)/u,
  ],
};

/** Languages with patterns (ISO 639-1). */
export const HUMAN_REQUEST_LANGUAGES = Object.keys(PATTERNS);

/**
 * True when the message asks for a person. All languages' patterns are
 * tried, since short requests are too short to detect a language from.
 */
export function detectHumanRequest(text: string): boolean {
  const normalized = normalizeForMatching(text);
  if (!normalized) return false;
  return Object.values(PATTERNS).some((patterns) => patterns.some((pattern) => pattern.test(normalized)));
}
