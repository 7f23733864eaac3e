// Chatwoot's Dashboard App protocol (Frame.vue / ConversationBox.vue), as the sandbox page plays it:
// on each iframe load, post JSON.stringify({ event: 'appContext', data: { conversation, contact, currentAgent } })
// with target origin '*'; answer 'chatwoot-dashboard-app:fetch-info' by posting to the app's first frame.
(function () {
  const contextNode = document.getElementById('sandbox-context');
  if (!contextNode) return;
  const page = JSON.parse(contextNode.textContent || '{}');
  let appContext = page.appContext;

  function refreshContext() {
    return fetch(page.contextUrl)
      .then((response) => response.json())
      .then((data) => {
        appContext = data;
        return data;
      })
      .catch(() => appContext);
  }

  function post(frame, data) {
    if (frame && frame.contentWindow) {
      frame.contentWindow.postMessage(JSON.stringify({ event: 'appContext', data }), '*');
    }
  }

  const frames = Array.from(document.querySelectorAll('iframe[data-app-id]'));
  // The frames get their address only once the load listener is attached: an app that loads before this
  // script runs would otherwise never receive its context (Chatwoot's Vue component binds @load as it renders).
  frames.forEach((frame) => {
    frame.addEventListener('load', () => post(frame, appContext));
    frame.src = frame.dataset.src;
  });

  window.addEventListener('message', (event) => {
    if (event.data !== 'chatwoot-dashboard-app:fetch-info') return;
    const source = frames.find((frame) => frame.contentWindow === event.source);
    if (!source) return;
    const first = frames.find(
      (frame) => frame.dataset.appId === source.dataset.appId && frame.dataset.frameIndex === '0',
    );
    refreshContext().then((data) => post(first, data));
  });

  const list = document.getElementById('messages');
  function render(messages) {
    list.innerHTML = '';
    messages.forEach((message) => {
      const item = document.createElement('li');
      item.className = 'message ' + message.type + (message.private ? ' private' : '');
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent =
        message.senderName +
        ' · ' +
        message.senderKind +
        (message.private ? ' · private note' : '') +
        ' · ' +
        message.time +
        (message.status ? ' · ' + message.status : '');
      const content = document.createElement('div');
      content.textContent = message.content;
      item.append(meta, content);
      message.attachments.forEach((attachment) => {
        const link = document.createElement('a');
        link.href = attachment.url;
        link.textContent = attachment.label;
        link.target = '_blank';
        const wrapper = document.createElement('div');
        wrapper.append(link);
        item.append(wrapper);
      });
      list.append(item);
    });
    list.scrollTop = list.scrollHeight;
  }

  function poll() {
    fetch(page.messagesUrl)
      .then((response) => response.json())
      .then(render)
      .catch(() => undefined);
  }
  setInterval(poll, 2000);
  list.scrollTop = list.scrollHeight;

  const form = document.getElementById('reply');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    fetch(form.action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ content: data.get('content'), private: data.get('private') === 'true' }),
    }).then(() => {
      form.reset();
      poll();
    });
  });
})();
