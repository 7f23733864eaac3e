// Omniloom panel inside Chatwoot's conversation view.
//
// Chatwoot's Dashboard App protocol (Frame.vue): on the frame's load Chatwoot posts
// JSON.stringify({ event: 'appContext', data: { conversation, contact, currentAgent } }) with target '*';
// the app may ask again with window.parent.postMessage('chatwoot-dashboard-app:fetch-info', '*').
// The context is unsigned, so it is only a hint of which conversation is open: messages from any origin
// but the installation's Chatwoot (or from any window but the parent) are ignored, and the server
// re-checks the conversation with Chatwoot on every request. The page never sees a Chatwoot token; it
// calls Omniloom with the short-lived panel session it was rendered with and renews it.
(function () {
  'use strict';

  var FETCH_INFO = 'chatwoot-dashboard-app:fetch-info';
  var SESSION_HEADER = 'x-omniloom-dashboard-session';
  var RENEW_BEFORE_MS = 2 * 60 * 1000;

  var body = document.body;
  var config = {
    installationId: body.dataset.installationId,
    accountId: Number(body.dataset.accountId),
    chatwootOrigin: body.dataset.chatwootOrigin,
    apiBase: body.dataset.apiBase,
    socketPath: body.dataset.socketPath,
  };
  if (!config.installationId || !config.chatwootOrigin || !config.apiBase) return;
  var identityBase = config.apiBase.replace(
    /\/dashboard\/[^/]+\/api$/,
    '/api/installations/' + encodeURIComponent(config.installationId),
  );
  var session = { token: body.dataset.session, expiresAt: Date.parse(body.dataset.sessionExpiresAt) };
  body.removeAttribute('data-session');

  var els = {
    panel: document.getElementById('panel'),
    status: document.getElementById('panel-status'),
    announcer: document.getElementById('announcer'),
    conversation: document.getElementById('panel-conversation'),
    suggestions: document.getElementById('suggestions'),
    list: document.getElementById('suggestion-list'),
    customer: document.getElementById('customer'),
    customerBody: document.getElementById('customer-body'),
  };

  var state = {
    conversationId: null,
    contactId: null,
    /** Increases with every conversation opened, so late answers for an earlier one are dropped. */
    generation: 0,
    contextSeen: false,
    expired: false,
    socket: null,
    refreshing: null,
    refreshAgain: false,
  };

  // ---------------------------------------------------------------- status and announcements

  function showStatus(text, options) {
    els.status.textContent = text;
    els.status.classList.toggle('notice-error', Boolean(options && options.error));
    if (options && options.reload) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'button primary';
      button.dataset.action = 'reload';
      button.textContent = 'Reload panel';
      els.status.appendChild(document.createElement('br'));
      els.status.appendChild(button);
    }
    els.status.hidden = false;
  }

  function hideStatus() {
    els.status.hidden = true;
    els.status.textContent = '';
  }

  function announce(text) {
    // Clearing first makes screen readers repeat an identical announcement.
    els.announcer.textContent = '';
    window.setTimeout(function () {
      els.announcer.textContent = text;
    }, 50);
  }

  function showExpired() {
    state.expired = true;
    showStatus('Your Omniloom session ended. Reload the panel to continue.', { error: true, reload: true });
    if (state.socket) state.socket.disconnect();
  }

  // ---------------------------------------------------------------- HTTP

  function request(method, url, payload) {
    var headers = { accept: 'application/json' };
    headers[SESSION_HEADER] = session.token;
    if (payload !== undefined) headers['content-type'] = 'application/json';
    return fetch(url, {
      method: method,
      headers: headers,
      credentials: 'omit',
      cache: 'no-store',
      body: payload === undefined ? undefined : JSON.stringify(payload),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (json) {
          if (response.ok) return json;
          if (response.status === 401) showExpired();
          var error = new Error(
            (json && json.error && json.error.message) || 'Omniloom answered ' + response.status + '.',
          );
          error.status = response.status;
          throw error;
        });
    });
  }

  function conversationUrl(conversationId) {
    return config.apiBase + '/conversations/' + encodeURIComponent(conversationId);
  }

  // ---------------------------------------------------------------- session renewal

  var renewTimer = null;
  function scheduleRenewal() {
    window.clearTimeout(renewTimer);
    if (!Number.isFinite(session.expiresAt)) return;
    var delay = Math.max(5000, session.expiresAt - Date.now() - RENEW_BEFORE_MS);
    renewTimer = window.setTimeout(renewSession, delay);
  }

  function renewSession() {
    if (state.expired) return;
    request('POST', config.apiBase + '/session', {})
      .then(function (answer) {
        session = { token: answer.token, expiresAt: Date.parse(answer.expiresAt) };
        if (state.socket && state.socket.connected)
          state.socket.emit('dashboard:session', { session: session.token });
        scheduleRenewal();
      })
      .catch(function (error) {
        if (error.status !== 401) renewTimer = window.setTimeout(renewSession, 15000);
      });
  }

  // ---------------------------------------------------------------- rendering

  var relative =
    typeof Intl.RelativeTimeFormat === 'function'
      ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
      : null;
  var absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

  function describeTime(date) {
    var seconds = Math.round((date.getTime() - Date.now()) / 1000);
    var abs = Math.abs(seconds);
    if (!relative) return absolute.format(date);
    if (abs < 45) return relative.format(0, 'second');
    if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
    if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
    if (abs < 7 * 86400) return relative.format(Math.round(seconds / 86400), 'day');
    return absolute.format(date);
  }

  function localizeTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (node) {
      var date = new Date(node.getAttribute('datetime'));
      if (Number.isNaN(date.getTime())) return;
      node.textContent = describeTime(date);
      node.title = absolute.format(date);
    });
  }

  function fragment(html) {
    var template = document.createElement('template');
    template.innerHTML = html;
    return template.content;
  }

  function cardIds(root) {
    return Array.prototype.map.call(root.querySelectorAll('[data-suggestion-id]'), function (node) {
      return node.dataset.suggestionId;
    });
  }

  function findCard(root, id) {
    return Array.prototype.find.call(root.querySelectorAll('[data-suggestion-id]'), function (node) {
      return node.dataset.suggestionId === id;
    });
  }

  /**
   * Replaces the suggestion list, keeping the cards an agent is editing or acting on (while they are still
   * pending) and marking the ones that are new since the last render.
   */
  function renderSuggestions(html, options) {
    var fresh = fragment(html);
    var before = cardIds(els.list);
    var focusedCard =
      document.activeElement && document.activeElement.closest
        ? document.activeElement.closest('[data-suggestion-id]')
        : null;
    els.list
      .querySelectorAll('.suggestion.is-editing, .suggestion.is-rejecting, .suggestion[aria-busy="true"]')
      .forEach(function (existing) {
        var replacement = findCard(fresh, existing.dataset.suggestionId);
        if (replacement && replacement.dataset.status === 'pending') replacement.replaceWith(existing);
      });
    var focusedId = focusedCard ? focusedCard.dataset.suggestionId : null;
    els.list.replaceChildren(fresh);
    els.list.dataset.conversationId = String(state.conversationId);
    localizeTimes(els.list);
    if (focusedId) {
      var again = findCard(els.list, focusedId);
      if (again && !again.contains(document.activeElement)) again.focus();
    }
    if (options && options.markNew) {
      var added = cardIds(els.list).filter(function (id) {
        return before.indexOf(id) === -1;
      });
      added.forEach(function (id) {
        findCard(els.list, id).classList.add('is-new');
      });
      if (added.length > 0) {
        var text = findCard(els.list, added[0]).querySelector('.suggestion-text');
        announce('New suggested reply: ' + (text ? text.textContent.slice(0, 140) : ''));
      }
    }
  }

  function renderCustomer(html) {
    els.customerBody.replaceChildren(fragment(html));
    localizeTimes(els.customerBody);
  }

  // ---------------------------------------------------------------- loading a conversation

  function openConversation(conversationId) {
    if (state.expired) return;
    var switching = conversationId !== state.conversationId;
    state.conversationId = conversationId;
    state.generation += 1;
    var generation = state.generation;
    if (switching) {
      state.contactId = null;
      els.suggestions.hidden = true;
      els.customer.hidden = true;
      els.list.replaceChildren();
      els.customerBody.replaceChildren();
      showStatus('Loading conversation #' + conversationId + '…');
    }
    els.conversation.textContent = 'Conversation #' + conversationId;
    els.conversation.hidden = false;
    els.panel.setAttribute('aria-busy', 'true');
    body.dataset.conversationId = String(conversationId);
    watchConversation();
    return request('GET', conversationUrl(conversationId))
      .then(function (answer) {
        if (generation !== state.generation) return;
        state.contactId = answer.contactId;
        renderSuggestions(answer.suggestionsHtml || '');
        renderCustomer(answer.customerHtml || '');
        els.suggestions.hidden = false;
        els.customer.hidden = false;
        hideStatus();
        body.dataset.loadedConversationId = String(conversationId);
      })
      .catch(function (error) {
        if (generation !== state.generation || state.expired) return;
        showStatus(
          error.status === 404
            ? 'Conversation #' + conversationId + ' is not in this Chatwoot account.'
            : 'Could not load the conversation: ' + error.message,
          { error: true },
        );
      })
      .then(function () {
        if (generation === state.generation) els.panel.setAttribute('aria-busy', 'false');
      });
  }

  /** Reloads only the suggestion list (new or changed suggestions); coalesces bursts into one request. */
  function refreshSuggestions(options) {
    if (state.conversationId === null || state.expired) return;
    if (state.refreshing) {
      state.refreshAgain = true;
      return;
    }
    var generation = state.generation;
    state.refreshing = request('GET', conversationUrl(state.conversationId) + '?part=suggestions')
      .then(function (answer) {
        if (generation === state.generation) renderSuggestions(answer.suggestionsHtml || '', options);
      })
      .catch(function () {
        return undefined;
      })
      .then(function () {
        state.refreshing = null;
        if (state.refreshAgain) {
          state.refreshAgain = false;
          refreshSuggestions(options);
        }
      });
  }

  function refreshCustomer() {
    var generation = state.generation;
    return request('GET', conversationUrl(state.conversationId) + '?part=customer').then(function (answer) {
      if (generation !== state.generation) return;
      state.contactId = answer.contactId;
      renderCustomer(answer.customerHtml || '');
    });
  }

  // ---------------------------------------------------------------- live updates

  function watchConversation() {
    var socket = state.socket;
    if (!socket || !socket.connected || state.conversationId === null) return;
    var conversationId = state.conversationId;
    socket.emit('dashboard:watch', { conversationId: conversationId }, function (answer) {
      if (answer && answer.ok && conversationId === state.conversationId)
        body.dataset.watching = String(conversationId);
    });
  }

  function conversationOf(payload) {
    if (!payload || typeof payload !== 'object') return undefined;
    if (payload.conversationId !== undefined) return Number(payload.conversationId);
    if (payload.suggestion && payload.suggestion.conversationId !== undefined)
      return Number(payload.suggestion.conversationId);
    return undefined;
  }

  function connectSocket() {
    if (typeof window.io !== 'function') return;
    var socket = window.io({
      path: config.socketPath,
      transports: ['websocket', 'polling'],
      auth: function (callback) {
        callback({ dashboardSession: session.token, installationId: config.installationId });
      },
    });
    state.socket = socket;
    socket.on('connect', watchConversation);
    socket.on('disconnect', function () {
      delete body.dataset.watching;
    });
    socket.on('suggestion:new', function (payload) {
      var conversationId = conversationOf(payload);
      if (conversationId !== undefined && conversationId !== state.conversationId) return;
      refreshSuggestions({ markNew: true });
    });
    socket.on('suggestion:updated', function (payload) {
      var conversationId = conversationOf(payload);
      if (conversationId !== undefined && conversationId !== state.conversationId) return;
      refreshSuggestions();
    });
    socket.on('dashboard:error', function (error) {
      if (error && error.code === 'unauthorized') showExpired();
    });
  }

  // ---------------------------------------------------------------- actions

  function setBusy(card, busy) {
    card.setAttribute('aria-busy', busy ? 'true' : 'false');
    card.querySelectorAll('button, textarea, input').forEach(function (control) {
      control.disabled = busy;
    });
  }

  function showCardError(card, message) {
    var slot = card.querySelector('.card-error');
    if (!slot) return;
    slot.textContent = message;
    slot.hidden = !message;
  }

  var DONE = {
    accept: 'Reply sent to the customer.',
    edit: 'Edited reply sent to the customer.',
    reject: 'Suggestion rejected.',
  };

  function actOnSuggestion(card, action, payload) {
    var conversationId = els.list.dataset.conversationId;
    var id = card.dataset.suggestionId;
    showCardError(card, '');
    setBusy(card, true);
    request(
      'POST',
      conversationUrl(conversationId) + '/suggestions/' + encodeURIComponent(id) + '/' + action,
      payload || {},
    )
      .then(function (answer) {
        var replacement = fragment(answer.cardHtml).firstElementChild;
        card.replaceWith(replacement);
        localizeTimes(replacement);
        replacement.focus();
        announce(DONE[action]);
      })
      .catch(function (error) {
        setBusy(card, false);
        showCardError(card, error.message);
        if (error.status === 409) refreshSuggestions();
      });
  }

  function toggleForm(card, kind, opener) {
    var form = card.querySelector('form[data-form="' + kind + '"]');
    if (!form) return;
    var opening = form.hidden;
    closeForms(card);
    if (!opening) return;
    form.hidden = false;
    card.classList.add(kind === 'edit' ? 'is-editing' : 'is-rejecting');
    if (opener) opener.setAttribute('aria-expanded', 'true');
    var first = form.querySelector('textarea, input');
    if (first) first.focus();
  }

  function closeForms(card, restoreFocus) {
    card.querySelectorAll('form[data-form]').forEach(function (form) {
      form.hidden = true;
    });
    card.classList.remove('is-editing', 'is-rejecting');
    card.querySelectorAll('[aria-expanded]').forEach(function (toggle) {
      toggle.setAttribute('aria-expanded', 'false');
    });
    if (restoreFocus) {
      var edit = card.querySelector('[data-action="edit"]');
      if (edit) edit.focus();
    }
  }

  function regenerate(button) {
    if (state.conversationId === null) return;
    var generation = state.generation;
    button.disabled = true;
    announce('Asking for a new suggestion…');
    request('POST', conversationUrl(state.conversationId) + '/suggestions/regenerate', {})
      .then(function (answer) {
        if (generation !== state.generation) return;
        renderSuggestions(answer.suggestionsHtml || '', { markNew: true });
        if (!answer.suggestion)
          announce('No new suggestion: nothing in the knowledge base answers the last message.');
      })
      .catch(function (error) {
        announce(error.message);
        showStatus(error.message, { error: true });
      })
      .then(function () {
        button.disabled = false;
      });
  }

  function actOnMerge(item, decision) {
    var contactId = state.contactId;
    if (!contactId) return;
    showCardError(item, '');
    setBusy(item, true);
    var url =
      identityBase +
      '/contacts/' +
      encodeURIComponent(contactId) +
      '/identity/suggestions/' +
      encodeURIComponent(item.dataset.mergeId) +
      '/' +
      decision;
    request('POST', url, { conversationId: state.conversationId })
      .then(function () {
        announce(decision === 'accept' ? 'Contacts merged.' : 'Merge suggestion dismissed.');
        return refreshCustomer();
      })
      .then(function () {
        var heading = document.getElementById('customer-title');
        if (heading) {
          heading.tabIndex = -1;
          heading.focus();
        }
      })
      .catch(function (error) {
        if (!item.isConnected) return;
        setBusy(item, false);
        showCardError(item, error.message);
      });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-action]');
    if (!button || button.disabled) return;
    var card = button.closest('[data-suggestion-id]');
    var merge = button.closest('[data-merge-id]');
    switch (button.dataset.action) {
      case 'accept':
        if (card) actOnSuggestion(card, 'accept');
        break;
      case 'edit':
        if (card) toggleForm(card, 'edit', button);
        break;
      case 'reject':
        if (card) toggleForm(card, 'reject', button);
        break;
      case 'cancel':
        if (card) closeForms(card, true);
        break;
      case 'regenerate':
        regenerate(button);
        break;
      case 'merge':
        if (merge) actOnMerge(merge, 'accept');
        break;
      case 'dismiss':
        if (merge) actOnMerge(merge, 'dismiss');
        break;
      case 'reload':
        window.location.reload();
        break;
      default:
        break;
    }
  });

  document.addEventListener('submit', function (event) {
    var form = event.target.closest('form[data-form]');
    if (!form) return;
    event.preventDefault();
    var card = form.closest('[data-suggestion-id]');
    if (!card) return;
    if (form.dataset.form === 'edit') actOnSuggestion(card, 'edit', { text: form.elements.text.value });
    if (form.dataset.form === 'reject') {
      actOnSuggestion(card, 'reject', { reason: form.elements.reason.value, note: form.elements.note.value });
    }
  });

  document.addEventListener('keydown', function (event) {
    var form = event.target.closest ? event.target.closest('form[data-form]') : null;
    if (!form) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && form.dataset.form === 'edit') {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      closeForms(form.closest('[data-suggestion-id]'), true);
    }
  });

  // ---------------------------------------------------------------- Chatwoot's protocol

  window.addEventListener('message', function (event) {
    if (event.origin !== config.chatwootOrigin || event.source !== window.parent) return;
    if (typeof event.data !== 'string') return;
    var message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (!message || message.event !== 'appContext' || !message.data || typeof message.data !== 'object')
      return;
    var conversation = message.data.conversation;
    var conversationId = conversation ? Number(conversation.id) : NaN;
    if (!Number.isInteger(conversationId) || conversationId <= 0) return;
    if (conversation.account_id !== undefined && Number(conversation.account_id) !== config.accountId) {
      showStatus('This conversation belongs to another Chatwoot account than this Omniloom installation.', {
        error: true,
      });
      return;
    }
    state.contextSeen = true;
    openConversation(conversationId);
  });

  function askForContext(attempt) {
    if (state.contextSeen || attempt > 5) return;
    window.parent.postMessage(FETCH_INFO, '*');
    window.setTimeout(function () {
      askForContext(attempt + 1);
    }, 1500 * attempt);
  }

  if (window.parent === window) {
    showStatus('Open a conversation in Chatwoot to use the Omniloom panel.');
    return;
  }
  connectSocket();
  scheduleRenewal();
  window.setInterval(function () {
    localizeTimes(els.panel);
  }, 60000);
  // Chatwoot posts the context on the frame's load event; ask only if it has not come by then.
  window.setTimeout(function () {
    askForContext(1);
  }, 1000);
})();
