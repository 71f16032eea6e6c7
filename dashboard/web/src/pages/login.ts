// 登录 (/login.html): POST /api/login, keep the token, ask /api/me, go to the role's page.
import { api, ApiError, errorMessage } from '../api';
import { homeFor } from '../auth';
import { byId, setText } from '../dom';
import { clearToken, LoginRedirect, setToken } from '../token';

export function loginErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return '用户名或密码错误';
    if (error.status === 429) return '尝试次数过多，请稍后再试';
    if (error.status === 400) return '请输入用户名和密码';
  }
  if (error instanceof LoginRedirect) return '登录失败，请重试';
  return errorMessage(error);
}

function main(): void {
  const form = byId<HTMLFormElement>('login-form');
  const username = byId<HTMLInputElement>('username');
  const password = byId<HTMLInputElement>('password');
  const submit = byId<HTMLButtonElement>('login-submit');
  const error = byId('login-error');

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setText(error, '');
    const user = username.value.trim();
    if (!user || !password.value) {
      setText(error, '请输入用户名和密码');
      return;
    }
    submit.disabled = true;
    setText(submit, '登录中…');
    try {
      clearToken();
      const reply = await api.login(user, password.value);
      setToken(reply.accessToken, reply.expiresIn);
      const me = await api.me();
      location.replace(homeFor(me.role));
    } catch (err) {
      setText(error, loginErrorMessage(err));
      password.select();
      submit.disabled = false;
      setText(submit, '登录');
    }
  });
  username.focus();
  document.body.dataset.ready = 'true';
}

main();
