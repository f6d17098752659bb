import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { ListUsersQuery } from './dto/list-users.query.js';
import { ResetPasswordDto } from './dto/reset-password.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@ApiErrorResponses(409)
@RequirePermissions(Permission.USER_MANAGE)
@Controller('users')
export class UsersController {
  constructor(private readonly service: UsersService) {}

  @Get()
  @ApiOperation({ summary: '用户列表（管理员）' })
  list(@Query() query: ListUsersQuery): Promise<UserDto[]> {
    return this.service.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: '用户详情（管理员）' })
  get(@Param('id', UuidParamPipe) id: string): Promise<UserDto> {
    return this.service.get(id);
  }

  @Post()
  @ApiOperation({ summary: '新增工作人员账号（管理员）' })
  create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改用户：角色、所属机关、停用（管理员）' })
  update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.service.update(id, dto);
  }

  @Post(':id/password')
  @HttpCode(200)
  @ApiOperation({ summary: '重置密码并解除锁定（管理员）' })
  resetPassword(@Param('id', UuidParamPipe) id: string, @Body() dto: ResetPasswordDto): Promise<UserDto> {
    return this.service.resetPassword(id, dto.password);
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: '解除登录锁定（管理员）' })
  unlock(@Param('id', UuidParamPipe) id: string): Promise<UserDto> {
    return this.service.unlock(id);
  }
}
