import { ApiProperty } from '@nestjs/swagger';

/** The one answer to every well-formed registration, whether or not the address already had an account. */
export class RegistrationAcceptedDto {
  @ApiProperty({ example: '已收到注册申请。请使用该电子邮箱和密码登录；如无法登录，请查看该邮箱收到的邮件。' })
  message: string;
}
