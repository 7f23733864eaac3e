/**
 * Every fixed text the AI agent shows customers, in the languages whose
 * requests for a person it recognises (decide/detect-human-request.ts), so
 * a customer who asks for a person is answered in their language. Anything
 * else falls back to English.
 */
import { DEFAULT_HANDOFF_MESSAGE, type InstallationSettings } from '../../install/installation-settings.ts';
import { baseLanguage } from '../detect-language.ts';

/** The fixed texts, in one language. */
export interface CustomerMessages {
  /** Tells the customer a person takes over. */
  handoff: string;
  /** First line of an offline answer: it is quoted from the knowledge base, not written by a model. */
  extractiveMarker: string;
  /** Label of the sources line under an answer. */
  sources: string;
  /** Name of a source document that has no title. */
  untitledSource: string;
}

const CATALOGUE = {
  en: {
    handoff: DEFAULT_HANDOFF_MESSAGE,
    extractiveMarker: 'From our help center:',
    sources: 'Sources',
    untitledSource: 'Help article',
  },
  es: {
    handoff:
      'Paso esta conversación a nuestro equipo de soporte. Una persona te responderá aquí lo antes posible.',
    extractiveMarker: 'De nuestro centro de ayuda:',
    sources: 'Fuentes',
    untitledSource: 'Artículo de ayuda',
  },
  fr: {
    handoff:
      "Je transmets cette conversation à notre équipe d'assistance. Une personne vous répondra ici dès que possible.",
    extractiveMarker: "D'après notre centre d'aide :",
    sources: 'Sources',
    untitledSource: "Article d'aide",
  },
  de: {
    handoff:
      'Ich übergebe dieses Gespräch an unser Support-Team. Eine Person antwortet Ihnen hier so bald wie möglich.',
    extractiveMarker: 'Aus unserem Hilfe-Center:',
    sources: 'Quellen',
    untitledSource: 'Hilfeartikel',
  },
  pt: {
    handoff:
      'Estou encaminhando esta conversa para a nossa equipe de suporte. Uma pessoa responderá aqui o mais rápido possível.',
    extractiveMarker: 'Da nossa central de ajuda:',
    sources: 'Fontes',
    untitledSource: 'Artigo de ajuda',
  },
  it: {
    handoff:
      'Passo questa conversazione al nostro team di assistenza. Una persona ti risponderà qui il prima possibile.',
    extractiveMarker: 'Dal nostro centro assistenza:',
    sources: 'Fonti',
    untitledSource: 'Articolo di assistenza',
  },
  nl: {
    handoff: 'Ik geef dit gesprek door aan ons supportteam. Een medewerker reageert hier zo snel mogelijk.',
    extractiveMarker: 'Uit ons helpcentrum:',
    sources: 'Bronnen',
    untitledSource: 'Help-artikel',
  },
  pl: {
    handoff:
      'Przekazuję tę rozmowę naszemu zespołowi wsparcia. Konsultant odpowie tutaj najszybciej, jak to możliwe.',
    extractiveMarker: 'Z naszego centrum pomocy:',
    sources: 'Źródła',
    untitledSource: 'Artykuł pomocy',
  },
  tr: {
    handoff:
      'Bu görüşmeyi destek ekibimize aktarıyorum. Bir temsilcimiz en kısa sürede buradan yanıt verecek.',
    extractiveMarker: 'Yardım merkezimizden:',
    sources: 'Kaynaklar',
    untitledSource: 'Yardım makalesi',
  },
  ru: {
    handoff: 'Я передаю этот разговор нашей службе поддержки. Сотрудник ответит здесь как можно скорее.',
    extractiveMarker: 'Из нашего справочного центра:',
    sources: 'Источники',
    untitledSource: 'Справочная статья',
  },
  ja: {
    handoff: 'この会話をサポートチームに引き継ぎます。担当者ができるだけ早くこちらでお返事します。',
    extractiveMarker: 'ヘルプセンターより:',
    sources: '出典',
    untitledSource: 'ヘルプ記事',
  },
  zh: {
    handoff: '我正在将此对话转交给我们的支持团队。工作人员会尽快在这里回复您。',
    extractiveMarker: '摘自我们的帮助中心：',
    sources: '来源',
    untitledSource: '帮助文章',
  },
} satisfies Record<string, CustomerMessages>;

/** Languages with their own texts (ISO 639-1). */
export const CUSTOMER_MESSAGE_LANGUAGES = Object.keys(CATALOGUE);

/** The texts for a language code (`de`, `pt-BR`…), English when there are none for it. */
export function customerMessages(language: string): CustomerMessages {
  const texts: Record<string, CustomerMessages> = CATALOGUE;
  return texts[baseLanguage(language)] ?? CATALOGUE.en;
}

type HandoffSetting = Pick<InstallationSettings['ai'], 'handoffMessage'>;

/**
 * The hand-off message for a customer writing in `language`. Left at the
 * stock text, `settings.ai.handoffMessage` stands for the catalogue's text in
 * the customer's language; any other text is the installation's own and is
 * sent as written, in every language (empty: no message at all).
 */
export function handoffMessageFor(settings: HandoffSetting, language: string): string {
  const own = settings.handoffMessage.trim();
  return own === DEFAULT_HANDOFF_MESSAGE ? customerMessages(language).handoff : own;
}

/** True when the bot's `content` is its hand-off message, in whichever language it was sent. */
export function isHandoffAnnouncement(settings: HandoffSetting, content: string): boolean {
  const text = content.trim();
  if (!text) return false;
  const own = settings.handoffMessage.trim();
  if (own !== DEFAULT_HANDOFF_MESSAGE) return text === own;
  return Object.values(CATALOGUE).some((texts) => texts.handoff === text);
}
