import { api } from './client'
import type { Session } from './types'

export const authApi = {
  login: (login: string, password: string) =>
    api.post<Session>('auth/login', { login, password }, { noAuthRedirect: true }),
  me: () => api.get<Session>('me', { noAuthRedirect: true }),
  logout: () => api.post<null>('auth/logout', undefined, { noAuthRedirect: true }),
  changePassword: (old_password: string, new_password: string) =>
    // A wrong old password may answer 401 too: the dialog decides whether the session is lost.
    api.post<null>('auth/password', { old_password, new_password }, { noAuthRedirect: true }),
}
